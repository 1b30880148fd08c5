#!/usr/bin/env node
'use strict';
// The nclint command of the npm package: runs the platform binary with the
// same arguments, standard streams and exit code.

const { spawnSync } = require('node:child_process');
const { binaryPath, BinaryNotFoundError } = require('../lib/index.js');

let bin;
try {
  bin = binaryPath();
} catch (err) {
  if (err instanceof BinaryNotFoundError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  throw err;
}

const result = spawnSync(bin, process.argv.slice(2), { stdio: 'inherit', windowsHide: true });
if (result.error) {
  process.stderr.write(`nclint: cannot run ${bin}: ${result.error.message}\n`);
  process.exit(2);
}
if (result.signal) {
  // Die of the same signal, so that the caller sees what happened.
  process.kill(process.pid, result.signal);
}
process.exit(result.status === null ? 1 : result.status);
