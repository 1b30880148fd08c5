// Finding the nclint binary and turning the command's flags into its
// arguments. The binary comes from the npm package nclint (a dependency of
// this plugin), which picks @nclint/<os>-<cpu> for the machine.

// Flags is what `sf nclint run` parsed; undefined means "not given", so
// nclint's own defaults apply.
export interface Flags {
  format?: string;
  // output is repeatable: FILE, or FORMAT=FILE for one more report.
  output?: string[];
  'fail-on'?: string;
  now?: string;
  workers?: number;
  config?: string;
  baseline?: string;
  'new-from-rev'?: string;
  color?: string;
  'show-suppressed'?: boolean;
  'no-inline-suppressions'?: boolean;
  'no-cache'?: boolean;
}

// nclintArgs returns nclint's command line for flags and paths, in the
// order nclint documents them.
export function nclintArgs(flags: Flags, paths: string[]): string[] {
  const args: string[] = [];
  const str = (name: Exclude<keyof Flags, 'output'>): void => {
    const v = flags[name];
    if (v !== undefined && v !== '') args.push(`--${name}`, String(v));
  };
  str('format');
  for (const o of flags.output ?? []) if (o !== '') args.push('--output', o);
  str('fail-on');
  str('now');
  str('workers');
  str('config');
  str('baseline');
  str('new-from-rev');
  str('color');
  if (flags['show-suppressed']) args.push('--show-suppressed');
  if (flags['no-inline-suppressions']) args.push('--no-inline-suppressions');
  if (flags['no-cache']) args.push('--no-cache');
  // "--" keeps a path that starts with "-" a path.
  if (paths.length > 0) args.push('--', ...paths);
  return args;
}

// binaryPath returns the nclint executable: NCLINT_BINARY when set, else
// the one the nclint npm package resolves.
export function binaryPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.NCLINT_BINARY) return env.NCLINT_BINARY;
  let launcher: { binaryPath: () => string };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    launcher = require('nclint');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'MODULE_NOT_FOUND') {
      throw new Error(
        'the npm package nclint, which carries the nclint binary, is not installed with @nclint/plugin-nclint; ' +
          'reinstall the plugin (sf plugins install @nclint/plugin-nclint) or set NCLINT_BINARY to an nclint executable',
      );
    }
    throw err;
  }
  return launcher.binaryPath();
}
