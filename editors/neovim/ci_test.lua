-- A real LSP client for nclint lsp, run headless by .ci/run:
--
--   NCLINT=/path/to/nclint PROJECT=/copy/of/testdata/sfdx-sample \
--     nvim --headless --clean -c 'luafile editors/neovim/ci_test.lua'
--
-- It opens a class of the sample, and checks a diagnostic's rule, line and
-- severity, a hover, a definition and the re-lint of an unsaved edit. It
-- exits 0 when all hold, 1 (with the reason on stderr) otherwise, and 2 when
-- the whole test takes longer than 60 seconds. Uses only API present since
-- Neovim 0.7 (vim.lsp.start_client), which Debian bookworm ships.
local nclint = assert(os.getenv('NCLINT'), 'NCLINT is not set')
local project = assert(os.getenv('PROJECT'), 'PROJECT is not set')
local timeout = 20000

local function fail(msg)
  io.stderr:write('FAIL: ' .. msg .. '\n')
  vim.cmd('cquit 1')
end
local function ok(msg)
  io.stdout:write('ok: ' .. msg .. '\n')
end

local watchdog = vim.loop.new_timer()
watchdog:start(60000, 0, vim.schedule_wrap(function()
  io.stderr:write('FAIL: timed out after 60 s\n')
  vim.cmd('cquit 2')
end))

local file = project .. '/force-app/main/default/classes/PartnerSyncJob.cls'
vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'nclint',
  cmd = { nclint, 'lsp', '--now', '2026-06-01' },
  root_dir = project,
  flags = { debounce_text_changes = 50 },
})
if not client_id then
  fail('nclint lsp did not start')
end
vim.lsp.buf_attach_client(buf, client_id)
local client = vim.lsp.get_client_by_id(client_id)

local function code(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end
-- find returns the first diagnostic of buf with rule id.
local function find(id)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code(d) == id then
      return d
    end
  end
end

-- 1. A diagnostic: NC201, line 14 (0-based 13), column 25, warning.
if not vim.wait(timeout, function() return find('NC201') ~= nil end, 50) then
  fail('no NC201 diagnostic on PartnerSyncJob.cls')
end
local d = find('NC201')
if d.lnum ~= 13 or d.col ~= 24 or d.severity ~= vim.diagnostic.severity.WARN then
  fail(string.format('NC201 at %d:%d severity %d, want 13:24 warning', d.lnum, d.col, d.severity))
end
ok('diagnostic NC201 at line 14, column 25, warning')

-- 2. Hover on the callout: literal names the external credential.
local pos = { textDocument = { uri = vim.uri_from_bufnr(buf) }, position = { line = 13, character = 30 } }
local res = client.request_sync('textDocument/hover', pos, timeout, buf)
local value = res and res.result and res.result.contents and res.result.contents.value or ''
if not value:find('Partner_OAuth', 1, true) or not value:find('Partner_Portal_User', 1, true) then
  fail('hover on callout:Partner_Portal lacks the external credential or the permission set: ' .. vim.inspect(res))
end
ok('hover shows external credential Partner_OAuth and permission set Partner_Portal_User')

-- 3. Definition: the named credential's file.
res = client.request_sync('textDocument/definition', pos, timeout, buf)
local loc = res and res.result and res.result[1]
if not loc or not loc.uri:find('Partner_Portal.namedCredential%-meta.xml$') then
  fail('definition of callout:Partner_Portal: ' .. vim.inspect(res))
end
ok('definition goes to ' .. vim.uri_to_fname(loc.uri):sub(#project + 2))

-- 4. An unsaved edit is linted: the callout now names a named credential
-- that is not in the tree (NC501), and NC201 goes away.
local line = vim.api.nvim_buf_get_lines(buf, 13, 14, true)[1]
vim.api.nvim_buf_set_lines(buf, 13, 14, true, { (line:gsub('Partner_Portal', 'Nowhere_API')) })
if not vim.wait(timeout, function() return find('NC501') ~= nil and find('NC201') == nil end, 50) then
  fail('after an unsaved edit, no NC501 diagnostic (or NC201 remained): ' .. vim.inspect(vim.diagnostic.get(buf)))
end
if vim.bo[buf].modified ~= true then
  fail('the buffer was saved; the test needs an unsaved edit')
end
ok('unsaved edit re-linted: NC501 on line ' .. (find('NC501').lnum + 1) .. ', NC201 gone')

client.stop()
vim.wait(5000, function() return client.is_stopped() end, 50)
vim.cmd('qall!')
