// Tests of the extension's pure helpers, against the esbuild bundle of
// src/server.ts (npm run build:test writes it).
const test = require('node:test');
const assert = require('node:assert');
const { serverCommand, documentSelector } = require('../out/server.js');

test('nclint.path wins', () => {
  const c = serverCommand('/opt/nclint', '', '/ext/bin', 'linux', () => true);
  assert.deepStrictEqual(c, { command: '/opt/nclint', args: ['lsp'] });
});

test('the bundled binary, else PATH', () => {
  assert.strictEqual(serverCommand('', '', '/ext/bin', 'linux', (p) => p === '/ext/bin/nclint').command, '/ext/bin/nclint');
  assert.strictEqual(serverCommand('', '', '/ext/bin', 'win32', (p) => p.endsWith('nclint.exe')).command.endsWith('nclint.exe'), true);
  assert.strictEqual(serverCommand('', '', '/ext/bin', 'linux', () => false).command, 'nclint');
});

test('nclint.config is passed to nclint lsp', () => {
  assert.deepStrictEqual(serverCommand('', 'ci/.nclint.yml', '/b', 'linux', () => false).args, ['lsp', '--config', 'ci/.nclint.yml']);
});

test('the selector covers Apex, -meta.xml files and type folders', () => {
  const patterns = documentSelector.map((s) => s.pattern).join(' ');
  for (const want of ['**/*.{cls,trigger}', '**/*-meta.xml', 'namedCredentials']) {
    assert.ok(patterns.includes(want), want);
  }
});
