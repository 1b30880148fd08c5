#!/usr/bin/env node
// Builds the npm packages from goreleaser's binaries and packs them:
//
//   goreleaser build --snapshot --clean          (or a release)
//   node scripts/build-npm.mjs [--dist dist] [--out dist/npm] [--plugin [--plugin-dir sf-plugin]]
//
// For each binary in dist/artifacts.json it writes a package
// @nclint/<os>-<cpu> (with "os" and "cpu" fields, the binary under bin/,
// README and LICENSE), then the main package nclint from npm/nclint with
// its version and optionalDependencies set to goreleaser's version, and
// with --plugin the Salesforce CLI plugin from sf-plugin (compiled first
// with `npm run build` there) depending on that same nclint. Each is packed
// with `npm pack` into --out; the tarball names are printed, one a line.
// Nothing here downloads anything.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
function opt(name, def) {
  const i = args.indexOf(name);
  if (i < 0) return def;
  if (i + 1 >= args.length) die(`${name} needs a value`);
  return args[i + 1];
}
function die(msg) {
  process.stderr.write(`build-npm: ${msg}\n`);
  process.exit(1);
}
const dist = path.resolve(opt('--dist', path.join(root, 'dist')));
const out = path.resolve(opt('--out', path.join(dist, 'npm')));
const withPlugin = args.includes('--plugin');
// The plugin's directory, with lib/ compiled (npm run build).
const pluginDir = path.resolve(opt('--plugin-dir', path.join(root, 'sf-plugin')));

const GOOS = { linux: 'linux', darwin: 'darwin', windows: 'win32' };
const GOARCH = { amd64: 'x64', arm64: 'arm64' };

function readJSON(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    die(`cannot read ${file}: ${err.message} (run goreleaser build first)`);
  }
}
function writeJSON(file, value) {
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
}

const metadata = readJSON(path.join(dist, 'metadata.json'));
const version = metadata.version;
if (!/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/.test(version || '')) {
  die(`goreleaser version ${JSON.stringify(version)} is not a SemVer version npm accepts`);
}
const binaries = readJSON(path.join(dist, 'artifacts.json')).filter((a) => a.type === 'Binary' && a.name.startsWith('nclint'));
const main = readJSON(path.join(root, 'npm', 'nclint', 'package.json'));
const wanted = Object.keys(main.optionalDependencies || {});

fs.rmSync(out, { recursive: true, force: true });
const stage = path.join(out, 'stage');
fs.mkdirSync(stage, { recursive: true });

function pack(dir) {
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: dir, encoding: 'utf8' })
    .trim()
    .split('\n')
    .pop();
  console.log(path.join(out, name));
}

const common = {
  version,
  license: main.license,
  homepage: main.homepage,
  bugs: main.bugs,
  repository: main.repository,
};

const built = [];
for (const a of binaries) {
  const os = GOOS[a.goos];
  const cpu = GOARCH[a.goarch];
  if (!os || !cpu) continue;
  const name = `@nclint/${os}-${cpu}`;
  const dir = path.join(stage, `${os}-${cpu}`);
  const exe = os === 'win32' ? 'nclint.exe' : 'nclint';
  fs.mkdirSync(path.join(dir, 'bin'), { recursive: true });
  fs.copyFileSync(path.resolve(root, a.path), path.join(dir, 'bin', exe));
  fs.chmodSync(path.join(dir, 'bin', exe), 0o755);
  fs.copyFileSync(path.join(root, 'LICENSE'), path.join(dir, 'LICENSE'));
  fs.writeFileSync(
    path.join(dir, 'README.md'),
    `# ${name}\n\nThe nclint ${version} binary for ${os}-${cpu}. Install the package \`nclint\`, which picks this one for the machine it runs on: https://github.com/nclint/nclint#readme\n`,
  );
  writeJSON(path.join(dir, 'package.json'), {
    name,
    ...common,
    description: `The nclint binary for ${os}-${cpu} (installed by the nclint package).`,
    os: [os],
    cpu: [cpu],
    files: ['bin/', 'README.md', 'LICENSE'],
    preferUnplugged: true,
  });
  built.push(name);
  pack(dir);
}
const missing = wanted.filter((n) => !built.includes(n));
if (missing.length) die(`no goreleaser binary for ${missing.join(', ')} in ${dist}/artifacts.json`);

const mainDir = path.join(stage, 'nclint');
for (const f of ['bin', 'lib']) fs.cpSync(path.join(root, 'npm', 'nclint', f), path.join(mainDir, f), { recursive: true });
fs.copyFileSync(path.join(root, 'npm', 'nclint', 'README.md'), path.join(mainDir, 'README.md'));
fs.copyFileSync(path.join(root, 'LICENSE'), path.join(mainDir, 'LICENSE'));
main.version = version;
for (const n of wanted) main.optionalDependencies[n] = version;
delete main.scripts;
writeJSON(path.join(mainDir, 'package.json'), main);
pack(mainDir);

if (withPlugin) {
  const src = pluginDir;
  const plugin = readJSON(path.join(src, 'package.json'));
  if (!fs.existsSync(path.join(src, 'lib', 'commands'))) die(`${src}/lib is missing: run npm ci && npm run build there first`);
  const dir = path.join(stage, 'plugin-nclint');
  fs.mkdirSync(dir, { recursive: true });
  fs.cpSync(path.join(src, 'lib'), path.join(dir, 'lib'), { recursive: true });
  fs.copyFileSync(path.join(src, 'README.md'), path.join(dir, 'README.md'));
  fs.copyFileSync(path.join(root, 'LICENSE'), path.join(dir, 'LICENSE'));
  plugin.version = version;
  plugin.dependencies = { ...plugin.dependencies, nclint: version };
  delete plugin.devDependencies;
  delete plugin.scripts;
  writeJSON(path.join(dir, 'package.json'), plugin);
  pack(dir);
}
