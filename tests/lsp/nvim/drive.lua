-- Headless Neovim 0.7 as a real LSP client of `custody lsp`.
-- run: LS_CMD="custody lsp" SPEC_FILE=typo.custody nvim --headless --clean -c "luafile drive.lua"
-- 1. opening the spec shows the typo as an error (and no verdicts: the spec has errors);
-- 2. fixing the line (an incremental change) and writing the file (didSave) shows the
--    violated assertion on its line, with its access path as related information;
-- 3. hover and formatting answer.
-- Prints what it received; exits 0 when all of it came, 1 otherwise (:cquit).
local file = os.getenv("SPEC_FILE")
local function fail(msg)
  io.stdout:write("FAIL: " .. msg .. "\n")
  vim.cmd("cquit 1")
end
local function show(d)
  io.stdout:write(("%s:%d:%d: %s [%s] %s\n"):format(vim.fn.fnamemodify(file, ":t"), d.lnum + 1, d.col + 1,
    ({ "error", "warning", "info", "hint" })[d.severity], tostring(d.code), d.message:gsub("\n", " | ")))
end

vim.cmd("edit " .. vim.fn.fnameescape(file))
local bufnr = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = "custody",
  cmd = vim.split(os.getenv("LS_CMD"), " ", { trimempty = true }),
  root_dir = vim.fn.fnamemodify(file, ":p:h"),
  flags = { debounce_text_changes = 0 },
})
if not client_id then fail("the server did not start") end
vim.lsp.buf_attach_client(bufnr, client_id)

local function wait_for(pred, what)
  if not vim.wait(20000, pred, 50) then fail("timed out waiting for " .. what) end
end
local function with_code(code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then return d end
  end
end

-- 1. The error.
wait_for(function() return with_code("unknown-name") ~= nil end, "the unknown-name error")
for _, d in ipairs(vim.diagnostic.get(bufnr)) do show(d) end
if with_code("violated") then fail("a verdict was published for a spec with errors") end

-- 2. Fix the typo on its line, save, and wait for the verdict.
local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
for i, line in ipairs(lines) do
  if line:find("gcdb") then
    vim.api.nvim_buf_set_lines(bufnr, i - 1, i, false, { (line:gsub("gcdb", "gcbd")) })
  end
end
wait_for(function() return with_code("unknown-name") == nil end, "the error to clear after the edit")
vim.cmd("write")
wait_for(function() return with_code("violated") ~= nil end, "the violated assertion after the save")
local v = with_code("violated")
show(v)
local related = v.user_data and v.user_data.lsp and v.user_data.lsp.relatedInformation or {}
if #related == 0 then fail("the violation has no related information (its path)") end
for _, r in ipairs(related) do
  io.stdout:write(("  related %s:%d: %s\n"):format(vim.fn.fnamemodify(vim.uri_to_fname(r.location.uri), ":t"),
    r.location.range.start.line + 1, r.message))
end

-- 3. Hover over `backup` in the assertion, then format the buffer.
wait_for(function() return vim.lsp.get_client_by_id(client_id).initialized end, "initialization")
local assert_line = vim.fn.search("^assert") - 1
local col = vim.api.nvim_buf_get_lines(bufnr, assert_line, assert_line + 1, false)[1]:find("backup") - 1
local res = vim.lsp.buf_request_sync(bufnr, "textDocument/hover",
  { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = assert_line, character = col } }, 5000)
local hover = res and res[client_id] and res[client_id].result
if not hover then fail("no hover") end
io.stdout:write("hover: " .. hover.contents.value:gsub("\n", " | ") .. "\n")
vim.lsp.buf.formatting_sync(nil, 5000)
local formatted = vim.api.nvim_buf_get_lines(bufnr, 3, 5, false)
io.stdout:write("formatted: " .. formatted[1] .. "\n")
io.stdout:write("formatted: " .. formatted[2] .. "\n")

vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.client_is_stopped(client_id) end, 50)
io.stdout:write("ok\n")
vim.cmd("qall!")
