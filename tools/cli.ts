import { isAbsolute, relative, resolve } from 'path';
import { parseArgs } from 'util';
import { ConfigError, formatProblem } from '../config/load';

/** A mistake in how a command was called: answered with the message and the usage line, exit 2. */
export class UsageError extends Error {}

/** What a command was given: `--name value` options and the positional arguments. */
export interface CommandLine {
  readonly options: Readonly<Record<string, string | undefined>>;
  readonly positionals: readonly string[];
}

/** Reads `args` with Node's parseArgs: the named string options only, anything else is a UsageError. */
export function commandLine(args: readonly string[], options: readonly string[]): CommandLine {
  try {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: Object.fromEntries(options.map((name) => [name, { type: 'string' as const }])),
      allowPositionals: true,
      strict: true,
    });
    return { options: values as Record<string, string | undefined>, positionals };
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/**
 * A path the user typed: npm runs scripts in the package's folder, so a relative path is taken
 * from where `npm run` was started (INIT_CWD), as the user meant it. It is returned relative to
 * the package's folder when inside it, as messages show paths.
 */
export function userPath(path: string): string {
  const absolute = resolve(process.env.INIT_CWD ?? process.cwd(), path);
  const inside = relative(process.cwd(), absolute);
  if (inside === '') return '.';
  return inside.startsWith('..') || isAbsolute(inside) ? absolute : inside;
}

/**
 * Runs a command and returns its exit code. User mistakes never end in a stack trace: a
 * UsageError prints its message and the usage (2), a ConfigError every problem (1). Anything
 * else is a bug in LabStack and is shown with its stack, to be reported (70, EX_SOFTWARE).
 */
export async function exitCodeOf(usage: string, command: () => number | Promise<number>, error: (text: string) => void = console.error): Promise<number> {
  try {
    return await command();
  } catch (caught) {
    if (caught instanceof UsageError) {
      error(`${caught.message}\n${usage}`);
      return 2;
    }
    if (caught instanceof ConfigError) {
      const count = caught.problems.length;
      error(`Invalid configuration (${count} problem${count > 1 ? 's' : ''}); nothing was written:\n${caught.problems.map((p) => `  ${formatProblem(p)}`).join('\n')}`);
      return 1;
    }
    error(`internal error, a bug in LabStack (please report it with what follows):\n${(caught as Error)?.stack ?? String(caught)}`);
    return 70;
  }
}

/** The entry point of a command file: runs it and sets the process's exit code. */
export function runCommand(usage: string, command: () => number | Promise<number>): void {
  void exitCodeOf(usage, command).then((code) => {
    process.exitCode = code;
  });
}
