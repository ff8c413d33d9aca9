-- Neovim configuration for custody specs: filetype, highlighting and the language server.
-- Put this file in ~/.config/nvim/plugin/ (or require it from init.lua) and add the
-- editors/vim folder to 'runtimepath' for syntax highlighting:
--   vim.opt.runtimepath:append("/path/to/custody/editors/vim")
-- Works with Neovim 0.7 (vim.lsp.start_client) and later (vim.lsp.start).

local cmd = { "custody", "lsp" }  -- custody must be on PATH, or give its full path here

vim.cmd([[autocmd BufRead,BufNewFile *.custody setfiletype custody]])

local function start(bufnr)
  local fname = vim.api.nvim_buf_get_name(bufnr)
  local root = vim.fs and vim.fs.dirname(fname) or vim.fn.fnamemodify(fname, ":p:h")
  local config = { name = "custody", cmd = cmd, root_dir = root }
  if vim.lsp.start then  -- 0.8 and later: reuses a running client
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end
  -- 0.7: one client shared by every custody buffer.
  _G.custody_lsp_client = _G.custody_lsp_client or vim.lsp.start_client(config)
  if _G.custody_lsp_client then vim.lsp.buf_attach_client(bufnr, _G.custody_lsp_client) end
end

vim.api.nvim_create_autocmd("FileType", {
  pattern = "custody",
  callback = function(args)
    start(args.buf)
    local opts = { buffer = args.buf }
    vim.keymap.set("n", "K", vim.lsp.buf.hover, opts)
    vim.keymap.set("n", "gd", vim.lsp.buf.definition, opts)
    vim.keymap.set("n", "gr", vim.lsp.buf.references, opts)
    vim.keymap.set("n", "<leader>rn", vim.lsp.buf.rename, opts)
    vim.keymap.set("n", "<leader>f", function()
      if vim.lsp.buf.format then vim.lsp.buf.format() else vim.lsp.buf.formatting_sync() end
    end, opts)
    -- A violated assertion's path is its related information: show it in the float.
    vim.keymap.set("n", "<leader>e", function() vim.diagnostic.open_float({ scope = "line" }) end, opts)
  end,
})
