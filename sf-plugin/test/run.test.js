'use strict';
// npm test (mocha, after npm run build): `sf nclint run` with the oclif
// test tooling. A fake nclint (a node script named by NCLINT_BINARY) shows
// the command line the plugin builds and returns a chosen exit code; with
// NCLINT_REAL_BINARY set (as .ci/run does), the real binary lints the
// bundled sample project.

const { it: mochaIt, after } = require('mocha');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { runCommand } = require('@oclif/test');
const { nclintArgs } = require('../lib/nclint.js');

const root = path.join(__dirname, '..');

// withBinary runs fn with NCLINT_BINARY set to bin, restoring it after.
async function withBinary(bin, fn) {
  const saved = process.env.NCLINT_BINARY;
  process.env.NCLINT_BINARY = bin;
  try {
    return await fn();
  } finally {
    if (saved === undefined) delete process.env.NCLINT_BINARY;
    else process.env.NCLINT_BINARY = saved;
  }
}

const tmpDirs = [];
after(() => tmpDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));

function fakeBinary(exitCode) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nclint-plugin-'));
  tmpDirs.push(dir);
  const bin = path.join(dir, 'nclint');
  fs.writeFileSync(
    bin,
    `#!${process.execPath}\nprocess.stdout.write(JSON.stringify({ args: process.argv.slice(2) }));\nprocess.exit(${exitCode});\n`,
    { mode: 0o755 },
  );
  return bin;
}

// test(name, [{ skip }], fn) in the node:test style, on mocha.
function test(name, opts, fn) {
  if (typeof opts === 'function') return mochaIt(name, opts);
  if (opts.skip) return mochaIt.skip(`${name} (${opts.skip === true ? 'skipped' : opts.skip})`);
  return mochaIt(name, fn);
}

// run runs `sf nclint run ARGS` in-process and returns what the command
// printed and the exit code it left in process.exitCode (reset after).
async function run(args) {
  process.exitCode = undefined;
  try {
    const r = await runCommand(args, { root });
    return { ...r, code: process.exitCode === undefined ? 0 : process.exitCode };
  } finally {
    process.exitCode = undefined;
  }
}

test('nclintArgs passes only the flags given, then the paths after --', () => {
  assert.deepEqual(nclintArgs({}, []), []);
  assert.deepEqual(
    nclintArgs(
      {
        format: 'sarif', output: ['o.sarif', 'text=-'], 'fail-on': 'error', now: '2026-06-01', workers: 0, config: 'c.yml', baseline: 'b.json',
        'new-from-rev': 'HEAD', color: 'never', 'show-suppressed': true, 'no-inline-suppressions': true,
        'no-cache': true,
      },
      ['-odd', 'force-app'],
    ),
    [
      '--format', 'sarif', '--output', 'o.sarif', '--output', 'text=-', '--fail-on', 'error', '--now', '2026-06-01', '--workers', '0',
      '--config', 'c.yml', '--baseline', 'b.json', '--new-from-rev', 'HEAD', '--color', 'never', '--show-suppressed',
      '--no-inline-suppressions', '--no-cache', '--', '-odd', 'force-app',
    ],
  );
});

test('--json wraps the report in the sf envelope and passes the exit code through', { skip: process.platform === 'win32' }, async () => {
  const bin = fakeBinary(3);
  const r = await withBinary(bin, () =>
    run(['nclint:run', '--json', '--fail-on', 'error', '--now', '2026-06-01', '--workers', '2', '--show-suppressed', 'a', 'force-app'], { root }),
  );
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.code, 3);
  const out = JSON.parse(r.stdout);
  assert.equal(out.status, 3);
  assert.deepEqual(out.result.args, ['--format', 'json', '--fail-on', 'error', '--now', '2026-06-01', '--workers', '2', '--show-suppressed', '--', 'a', 'force-app']);
});

test('exit code 0 is not an error', { skip: process.platform === 'win32' }, async () => {
  const bin = fakeBinary(0);
  const r = await withBinary(bin, () => run(['nclint:run', '--json'], { root }));
  assert.equal(r.error, undefined);
  assert.equal(r.code, 0);
  assert.equal(JSON.parse(r.stdout).status, 0);
});

test('--json cannot be combined with --format', async () => {
  const r = await run(['nclint:run', '--json', '--format', 'sarif'], { root });
  assert.ok(r.error, 'want an error');
  assert.match(r.error.message, /--format/);
});

test('an unknown --fail-on level is refused before nclint runs', async () => {
  const r = await run(['nclint:run', '--fail-on', 'fatal'], { root });
  assert.ok(r.error, 'want an error');
  assert.match(r.error.message, /fail-on/);
});

const real = process.env.NCLINT_REAL_BINARY;
test('the real binary on the sample project: exit 1 with --fail-on error', { skip: !real && 'NCLINT_REAL_BINARY is not set' }, async () => {
  const sample = process.env.NCLINT_SAMPLE || path.join(root, '..', 'testdata', 'sfdx-sample');
  const r = await withBinary(real, () => run(['nclint:run', '--json', '--fail-on', 'error', '--now', '2026-06-01', sample], { root }));
  assert.equal(r.error, undefined, String(r.error));
  assert.equal(r.code, 1);
  const out = JSON.parse(r.stdout);
  assert.equal(out.status, 1);
  const rules = new Set(out.result.findings.map((f) => f.ruleId));
  assert.ok(rules.has('NC201'), `want the sample's NC201 finding, got ${[...rules]}`);
  assert.ok(out.result.summary.errors > 0, 'want errors in the summary');
});

let nclintInstalled = true;
try {
  require.resolve('nclint');
} catch {
  nclintInstalled = false;
}
test('without the nclint package or NCLINT_BINARY the command exits 2 naming it', { skip: nclintInstalled && 'the nclint package is installed' }, async () => {
  const saved = process.env.NCLINT_BINARY;
  delete process.env.NCLINT_BINARY;
  try {
    const r = await run(['nclint:run', '.']);
    assert.ok(r.error, 'want an error');
    assert.equal(r.error.oclif && r.error.oclif.exit, 2);
    assert.match(r.error.message, /npm package nclint/);
  } finally {
    if (saved !== undefined) process.env.NCLINT_BINARY = saved;
  }
});
