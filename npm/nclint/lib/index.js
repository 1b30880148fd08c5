'use strict';
// Finds the nclint binary that npm installed as the optional dependency
// @nclint/<os>-<cpu> (the esbuild/biome pattern: npm installs only the
// package whose "os" and "cpu" match the machine, and nothing is downloaded
// by an install script).

const path = require('node:path');

// The platforms with a prebuilt binary, as npm names them (process.platform
// and process.arch); scripts/build-npm.mjs builds one package for each.
const PLATFORMS = Object.freeze([
  'darwin-arm64',
  'darwin-x64',
  'linux-arm64',
  'linux-x64',
  'win32-arm64',
  'win32-x64',
]);

class BinaryNotFoundError extends Error {}

// platformPackage returns the name of the package holding the binary for
// platform and arch, or throws BinaryNotFoundError when there is none.
function platformPackage(platform = process.platform, arch = process.arch) {
  const key = `${platform}-${arch}`;
  if (!PLATFORMS.includes(key)) {
    throw new BinaryNotFoundError(
      `nclint: no prebuilt binary for ${key} (there are binaries for ${PLATFORMS.join(', ')}). ` +
        'Build it from source with Go 1.26 or later: go install github.com/nclint/nclint/cmd/nclint@latest',
    );
  }
  return `@nclint/${key}`;
}

// binaryPath returns the path of the nclint executable. NCLINT_BINARY, when
// set, names the executable to use instead (a local build, for example).
// resolve is require.resolve, replaceable in tests.
function binaryPath(options = {}) {
  const env = options.env || process.env;
  if (env.NCLINT_BINARY) {
    return env.NCLINT_BINARY;
  }
  const platform = options.platform || process.platform;
  const arch = options.arch || process.arch;
  const resolve = options.resolve || require.resolve;
  const pkg = platformPackage(platform, arch);
  const exe = platform === 'win32' ? 'nclint.exe' : 'nclint';
  try {
    return resolve(`${pkg}/bin/${exe}`);
  } catch (err) {
    if (err && err.code === 'MODULE_NOT_FOUND') {
      throw new BinaryNotFoundError(
        `nclint: the package ${pkg}, which holds the nclint binary for ${platform}-${arch}, is not installed. ` +
          'It is an optional dependency of nclint: install again without --omit=optional or --no-optional ' +
          `(npm install nclint), or add it yourself (npm install ${pkg}).`,
      );
    }
    throw err;
  }
}

module.exports = { PLATFORMS, BinaryNotFoundError, platformPackage, binaryPath, root: path.join(__dirname, '..') };
