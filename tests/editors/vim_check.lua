-- Checks editors/vim (syntax groups at known places) and editors/nvim/custody.lua (the
-- shipped Neovim configuration starts custody lsp for a .custody buffer).
-- run: nvim --headless --clean -c "luafile vim_check.lua" with EDITORS_DIR and SPEC_FILE set.
local dir = os.getenv("EDITORS_DIR")
vim.opt.runtimepath:append(dir .. "/vim")
vim.cmd("filetype on")
vim.cmd("syntax on")
dofile(dir .. "/nvim/custody.lua")
vim.cmd("edit " .. vim.fn.fnameescape(os.getenv("SPEC_FILE")))
local bufnr = vim.api.nvim_get_current_buf()
local failures = 0
local function group_at(line, text, nth)
  local l = vim.api.nvim_buf_get_lines(bufnr, line - 1, line, false)[1]
  local col = 0
  for _ = 1, nth or 1 do col = l:find(text, col + 1, true) end
  return vim.fn.synIDattr(vim.fn.synID(line, col, 1), "name")
end
local function want(line, text, group, nth)
  local got = group_at(line, text, nth)
  if got ~= group then
    failures = failures + 1
    io.stdout:write(("FAIL line %d '%s': syntax group %s, want %s\n"):format(line, text, got, group))
  end
end
if vim.bo.filetype ~= "custody" then
  failures = failures + 1
  io.stdout:write("FAIL filetype is '" .. vim.bo.filetype .. "'\n")
end
want(1, "#", "custodyComment")
want(3, "jurisdiction", "custodyDeclaration")
want(3, "EU", "custodyDeclared")
want(3, '"European', "custodyString")
want(3, '\\"', "custodyEscape")
want(7, "operated", "custodyKeyword")
want(7, "not", "custodyOperator")
want(7, "bank", "")
want(13, "1 of", "custodyNumber")
want(17, "->", "custodyArrow")
want(25, "cannot", "custodyControl")
want(25, "read", "custodyVerb")
-- The configuration started the server: a diagnostic arrives for the broken line.
vim.api.nvim_buf_set_lines(bufnr, -1, -1, false, { "actor in" })
local ok = vim.wait(20000, function()
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == "syntax" then return true end
  end
  return false
end, 50)
if not ok then
  failures = failures + 1
  io.stdout:write("FAIL no diagnostic from the server started by editors/nvim/custody.lua\n")
end
io.stdout:write(("vim syntax and neovim config: %d failed\n"):format(failures))
for _, c in pairs(vim.lsp.get_active_clients()) do c.stop() end
vim.wait(2000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd(failures == 0 and "qall!" or "cquit 1")
