-- The language server in Neovim 0.7 (plain vim.lsp, no plugins), as docs/editors.md sets it up.
-- Run by neovim.e2e.mjs:  nvim --headless -u NONE -c "luafile test.lua" <dag.py>
-- Environment: E2E_SERVER_CWD (the repository, where `npx --no-install` finds the server's bin).
-- Prints "ok: ..." per check; on the first failure prints "FAIL: ..." and exits with :cquit 1.

local function fail(message)
  io.stdout:write('FAIL: ' .. message .. '\n')
  vim.cmd('cquit 1')
end

local function ok(message)
  io.stdout:write('ok: ' .. message .. '\n')
end

local function code_of(diagnostic)
  -- Neovim 0.7 keeps the LSP fields under user_data.lsp; later versions also set `code`.
  return diagnostic.code or (diagnostic.user_data and diagnostic.user_data.lsp and diagnostic.user_data.lsp.code)
end

local function find_diagnostic(code)
  for _, diagnostic in ipairs(vim.diagnostic.get(0)) do
    if code_of(diagnostic) == code then return diagnostic end
  end
end

local client_id = vim.lsp.start_client({
  name = 'airflow-venv-lint',
  cmd = { 'npx', '--no-install', 'airflow-venv-lint-server', '--stdio' },
  cmd_cwd = os.getenv('E2E_SERVER_CWD'),
  root_dir = vim.fn.expand('%:p:h'),
  settings = { airflowVenvLint = { airflowVersion = 'auto' } },
})
if not client_id then fail('the server did not start') end
vim.lsp.buf_attach_client(0, client_id)

if not vim.wait(20000, function() return #vim.diagnostic.get(0) >= 2 end, 100) then
  fail('expected at least 2 diagnostics within 20 s, got ' .. #vim.diagnostic.get(0) .. ': ' .. vim.inspect(vim.tbl_map(code_of, vim.diagnostic.get(0))))
end

-- Diagnostics: the right codes at the right 0-based positions (line, column, end column).
local expected = {
  { code = 'VENV301', lnum = 8, col = 11, end_col = 15, severity = vim.diagnostic.severity.ERROR }, -- yaml
  { code = 'VENV105', lnum = 18, col = 23, end_col = 27, severity = vim.diagnostic.severity.ERROR }, -- 3.10
}
for _, want in ipairs(expected) do
  local got = find_diagnostic(want.code)
  if not got then fail(want.code .. ' not reported: ' .. vim.inspect(vim.diagnostic.get(0))) end
  if got.lnum ~= want.lnum or got.col ~= want.col or got.end_col ~= want.end_col or got.severity ~= want.severity then
    fail(want.code .. ' at ' .. vim.inspect({ got.lnum, got.col, got.end_col, got.severity }) .. ', expected ' .. vim.inspect({ want.lnum, want.col, want.end_col, want.severity }))
  end
  ok(string.format('%s at %d:%d-%d', want.code, got.lnum, got.col, got.end_col))
end

local uri = vim.uri_from_bufnr(0)
local missing = find_diagnostic('VENV301')
local range = { start = { line = missing.lnum, character = missing.col }, ['end'] = { line = missing.end_lnum, character = missing.end_col } }

-- The rule link travels with the diagnostic (codeDescription), for :lua vim.diagnostic.open_float() and plugins.
local href = missing.user_data and missing.user_data.lsp.codeDescription and missing.user_data.lsp.codeDescription.href or ''
if not href:find('docs/rules.md#venv301-missing-requirement', 1, true) then fail('no rule link on VENV301: ' .. href) end
ok('VENV301 links to ' .. href)

-- Code action: request the quick fixes for the VENV301 range, resolve the one that adds the requirement, apply it.
local lsp_diagnostics = {}
for _, diagnostic in ipairs(vim.diagnostic.get(0)) do
  if code_of(diagnostic) == 'VENV301' then table.insert(lsp_diagnostics, diagnostic.user_data.lsp) end
end
local answers = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', {
  textDocument = { uri = uri },
  range = range,
  context = { diagnostics = lsp_diagnostics, only = { 'quickfix' } },
}, 5000)
local actions = answers and answers[client_id] and answers[client_id].result or {}
local action
for _, candidate in ipairs(actions) do
  if candidate.title == 'Add "PyYAML" to requirements' then action = candidate end
end
if not action then fail('no "Add PyYAML" action among: ' .. vim.inspect(vim.tbl_map(function(a) return a.title end, actions))) end
ok('code action offered: ' .. action.title)

if not action.edit then
  -- Servers that advertise resolveProvider send the edit only on codeAction/resolve.
  local resolved = vim.lsp.buf_request_sync(0, 'codeAction/resolve', action, 5000)
  action = resolved and resolved[client_id] and resolved[client_id].result or action
end
if not action.edit then fail('the code action has no edit, even after codeAction/resolve') end
ok('code action resolved with an edit')

vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
local requirements_line = vim.api.nvim_buf_get_lines(0, 19, 20, false)[1]
if not requirements_line:find('"PyYAML"', 1, true) then fail('requirement not added: ' .. requirements_line) end
ok('applied: ' .. vim.trim(requirements_line))

if not vim.wait(10000, function() return find_diagnostic('VENV301') == nil end, 100) then
  fail('VENV301 still reported after the fix')
end
ok('VENV301 gone after the edit')

vim.lsp.stop_client(client_id)
vim.cmd('qall!')
