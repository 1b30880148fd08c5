import { spawn } from 'node:child_process';
import { Args, Command, Flags } from '@oclif/core';
import { binaryPath, nclintArgs } from '../../nclint';

// Result of a run: nclint's exit code and its output.
interface Ran {
  code: number;
  stdout: string;
}

// exec runs bin with args; with capture, standard output is collected,
// otherwise every stream is the terminal's.
function exec(bin: string, args: string[], capture: boolean): Promise<Ran> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, { stdio: capture ? ['inherit', 'pipe', 'inherit'] : 'inherit', windowsHide: true });
    const chunks: Buffer[] = [];
    child.stdout?.on('data', (c: Buffer) => chunks.push(c));
    child.on('error', (err) => reject(new Error(`cannot run ${bin}: ${err.message}`)));
    child.on('close', (code, signal) => {
      if (signal) {
        reject(new Error(`${bin} was killed by ${signal}`));
        return;
      }
      resolve({ code: code ?? 1, stdout: Buffer.concat(chunks).toString('utf8') });
    });
  });
}

export default class Run extends Command {
  public static readonly summary = 'Lint the credential metadata of an SFDX project with nclint.';

  public static readonly description =
    'Runs nclint on the SFDX project containing each path (default: the current directory) and exits with ' +
    "nclint's exit code: 0 no finding at or above --fail-on, 1 findings, 2 usage or configuration error, " +
    '3 some files could not be read. With files or subdirectories, only findings touching them are reported. ' +
    'Rules and configuration: https://github.com/nclint/nclint#readme';

  public static readonly examples = [
    '<%= config.bin %> <%= command.id %>',
    '<%= config.bin %> <%= command.id %> --fail-on error force-app',
    '<%= config.bin %> <%= command.id %> --format sarif --output nclint.sarif .',
    '<%= config.bin %> <%= command.id %> --json',
  ];

  // Any number of paths.
  public static readonly strict = false;

  public static readonly args = {
    path: Args.string({ description: 'Path of the SFDX project, or files and folders inside it (several allowed).' }),
  };

  public static readonly flags = {
    format: Flags.option({
      options: ['text', 'sarif', 'json', 'github', 'markdown'] as const,
      description: 'Report format: text (default), sarif, json, github (GitHub Actions annotations) or markdown (a job summary).',
    })(),
    output: Flags.string({
      multiple: true,
      description:
        'Write the report to this file (atomically) instead of standard output; FORMAT=FILE (repeatable) writes one more report in that format, - for standard output.',
    }),
    'fail-on': Flags.option({
      options: ['error', 'warning', 'note', 'none'] as const,
      description: 'Exit 1 when a finding has this level or above (default: warning).',
    })(),
    now: Flags.string({ description: 'Reference time for certificate expiry checks, RFC 3339 date or date-time.' }),
    workers: Flags.integer({ min: 0, description: 'Number of files parsed in parallel (default: number of CPUs).' }),
    config: Flags.string({ description: 'Configuration file (default: .nclint.yml at the project root).' }),
    baseline: Flags.string({ description: "Silence the findings recorded in this baseline file (see 'nclint baseline write')." }),
    'new-from-rev': Flags.string({
      description: 'Report only findings that do not occur in the project at git revision REV (HEAD: what the uncommitted changes add).',
    }),
    color: Flags.option({
      options: ['auto', 'always', 'never'] as const,
      description: 'Colour the text report: auto (a terminal, and NO_COLOR unset), always or never.',
    })(),
    'show-suppressed': Flags.boolean({ description: 'List suppressed findings too (text and json).' }),
    'no-inline-suppressions': Flags.boolean({ description: 'Ignore nclint-ignore comments, and report each one (strict CI).' }),
    'no-cache': Flags.boolean({
      description: 'Neither read nor write the parse cache (kept in NCLINT_CACHE_DIR, else nclint/ in the user cache directory).',
    }),
    json: Flags.boolean({
      description:
        'Format output as json: the sf envelope {"status": <exit code>, "result": <nclint --format json report>}.',
      exclusive: ['format', 'output'],
    }),
  };

  public async run(): Promise<void> {
    const { flags, argv } = await this.parse(Run);
    const paths = argv.map(String);
    let bin: string;
    try {
      bin = binaryPath();
    } catch (err) {
      this.error((err as Error).message, { exit: 2 });
    }
    if (flags.json) {
      const ran = await exec(bin, nclintArgs({ ...flags, format: 'json' }, paths), true);
      let result: unknown = null;
      try {
        result = ran.stdout.trim() === '' ? null : JSON.parse(ran.stdout);
      } catch {
        result = ran.stdout;
      }
      this.log(JSON.stringify({ status: ran.code, result, warnings: [] }, null, 2));
      this.passExitCode(ran.code);
      return;
    }
    const ran = await exec(bin, nclintArgs(flags, paths), false);
    this.passExitCode(ran.code);
  }

  // passExitCode makes the sf process exit with nclint's code. Setting
  // process.exitCode (rather than this.exit, which throws) keeps the CLI
  // from printing an "EEXIT" error after nclint's own report.
  private passExitCode(code: number): void {
    process.exitCode = code;
  }
}
