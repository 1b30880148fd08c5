'use strict';
// node --test npm/nclint/test/: the launcher finds the platform package,
// passes arguments, standard streams and the exit code through, and names
// the missing package when there is none.

const test = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { spawnSync } = require('node:child_process');

const pkgRoot = path.join(__dirname, '..');
const { PLATFORMS, BinaryNotFoundError, platformPackage, binaryPath } = require('../lib/index.js');

test('every platform maps to its @nclint package', () => {
  assert.equal(platformPackage('linux', 'x64'), '@nclint/linux-x64');
  assert.equal(platformPackage('darwin', 'arm64'), '@nclint/darwin-arm64');
  assert.equal(platformPackage('win32', 'x64'), '@nclint/win32-x64');
  const manifest = JSON.parse(fs.readFileSync(path.join(pkgRoot, 'package.json'), 'utf8'));
  assert.deepEqual(
    Object.keys(manifest.optionalDependencies).sort(),
    PLATFORMS.map((p) => `@nclint/${p}`).sort(),
    'optionalDependencies and PLATFORMS must list the same packages',
  );
});

test('an unsupported platform is a clear error', () => {
  assert.throws(() => platformPackage('freebsd', 'x64'), (err) => {
    assert.ok(err instanceof BinaryNotFoundError);
    assert.match(err.message, /no prebuilt binary for freebsd-x64/);
    assert.match(err.message, /go install github\.com\/nclint\/nclint\/cmd\/nclint/);
    return true;
  });
});

test('a skipped optional dependency names the package to install', () => {
  const notFound = (id) => {
    const err = new Error(`Cannot find module '${id}'`);
    err.code = 'MODULE_NOT_FOUND';
    throw err;
  };
  assert.throws(() => binaryPath({ env: {}, platform: 'linux', arch: 'arm64', resolve: notFound }), (err) => {
    assert.ok(err instanceof BinaryNotFoundError);
    assert.match(err.message, /@nclint\/linux-arm64/);
    assert.match(err.message, /--omit=optional/);
    return true;
  });
});

test('binaryPath resolves bin/nclint.exe on Windows and honours NCLINT_BINARY', () => {
  const seen = [];
  const resolve = (id) => {
    seen.push(id);
    return `/x/${id}`;
  };
  assert.equal(binaryPath({ env: {}, platform: 'win32', arch: 'x64', resolve }), '/x/@nclint/win32-x64/bin/nclint.exe');
  assert.deepEqual(seen, ['@nclint/win32-x64/bin/nclint.exe']);
  assert.equal(binaryPath({ env: { NCLINT_BINARY: '/opt/nclint' }, resolve }), '/opt/nclint');
});

// install lays out node_modules/nclint (this package) and, unless skipped,
// node_modules/@nclint/<this platform> holding a fake binary, the way npm
// installs them, and returns the launcher's path.
function install(t, withBinary) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nclint-launcher-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const nm = path.join(dir, 'node_modules');
  fs.cpSync(path.join(pkgRoot, 'bin'), path.join(nm, 'nclint', 'bin'), { recursive: true });
  fs.cpSync(path.join(pkgRoot, 'lib'), path.join(nm, 'nclint', 'lib'), { recursive: true });
  fs.copyFileSync(path.join(pkgRoot, 'package.json'), path.join(nm, 'nclint', 'package.json'));
  if (withBinary) {
    const binDir = path.join(nm, '@nclint', `${process.platform}-${process.arch}`, 'bin');
    fs.mkdirSync(binDir, { recursive: true });
    // The fake binary: prints its arguments one per line, copies standard
    // input to standard error, and exits with $FAKE_EXIT.
    fs.writeFileSync(
      path.join(binDir, 'nclint'),
      '#!/bin/sh\nfor a in "$@"; do printf "arg:%s\\n" "$a"; done\ncat >&2\nexit "${FAKE_EXIT:-0}"\n',
      { mode: 0o755 },
    );
  }
  return path.join(nm, 'nclint', 'bin', 'nclint.js');
}

const posix = process.platform !== 'win32';

test('the launcher passes arguments, stdio and the exit code through', { skip: !posix && 'fake binary is a shell script' }, (t) => {
  const launcher = install(t, true);
  const env = { ...process.env, FAKE_EXIT: '3' };
  delete env.NCLINT_BINARY;
  const r = spawnSync(process.execPath, [launcher, '--format', 'sarif', 'dir with space', ''], {
    env,
    input: 'from stdin',
    encoding: 'utf8',
  });
  assert.equal(r.status, 3, r.stderr);
  assert.equal(r.stdout, 'arg:--format\narg:sarif\narg:dir with space\narg:\n');
  assert.equal(r.stderr, 'from stdin');
  const ok = spawnSync(process.execPath, [launcher], { env: { ...env, FAKE_EXIT: '0' }, encoding: 'utf8' });
  assert.equal(ok.status, 0);
});

test('without the platform package the launcher exits 2 naming it', (t) => {
  const launcher = install(t, false);
  const env = { ...process.env };
  delete env.NCLINT_BINARY;
  const r = spawnSync(process.execPath, [launcher, '.'], { env, encoding: 'utf8' });
  assert.equal(r.status, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, new RegExp(`@nclint/${process.platform}-${process.arch}`));
});

test('a binary killed by a signal kills the launcher with it', { skip: !posix && 'POSIX signals' }, (t) => {
  const launcher = install(t, true);
  const bin = path.join(path.dirname(path.dirname(launcher)), '..', '@nclint', `${process.platform}-${process.arch}`, 'bin', 'nclint');
  fs.writeFileSync(bin, '#!/bin/sh\nkill -TERM $$\n', { mode: 0o755 });
  const env = { ...process.env };
  delete env.NCLINT_BINARY;
  const r = spawnSync(process.execPath, [launcher], { env, encoding: 'utf8' });
  assert.equal(r.signal, 'SIGTERM', `status ${r.status}, stderr ${r.stderr}`);
});
