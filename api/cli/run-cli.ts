import { ConfigError } from '../app/config.ts';
import { KeurmerkError } from '../../db/errors.ts';
import { cliMessage } from './cli-message.ts';

/** Thrown for wrong command-line use: exit code 2 with the usage hint. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/**
 * Runs a command-line main function. Known failures print one line naming the problem, exit 1
 * (usage errors exit 2); a stack trace is only printed for the unexpected, and with DEBUG set.
 */
export async function runCli(name: string, main: () => Promise<number | void>): Promise<void> {
  try {
    const code = await main();
    process.exitCode = code ?? 0;
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${name}: ${error.message}\nRun with --help for usage.\n`);
      process.exitCode = 2;
    } else if (error instanceof KeurmerkError) {
      process.stderr.write(`${name}: ${cliMessage(error)}\n`);
      process.exitCode = 1;
    } else if (error instanceof ConfigError) {
      process.stderr.write(`${name}: ${error.message}\n`);
      process.exitCode = 1;
    } else {
      const message = error instanceof Error ? error.message : String(error);
      process.stderr.write(`${name}: ${message}\n`);
      if (process.env['DEBUG'] && error instanceof Error) process.stderr.write(`${error.stack}\n`);
      process.exitCode = 1;
    }
  }
}

/** Minimal flag parser: `--name value`, `--name=value`, `--flag`; everything else positional. */
export function parseArgs(
  argv: readonly string[],
  spec: Record<string, 'string' | 'boolean'>,
): { flags: Record<string, string | boolean>; positional: string[] } {
  const flags: Record<string, string | boolean> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [rawName, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined];
    const kind = spec[rawName];
    if (!kind) throw new UsageError(`unknown option --${rawName}`);
    if (kind === 'boolean') {
      if (inline !== undefined) throw new UsageError(`--${rawName} takes no value`);
      flags[rawName] = true;
    } else {
      const value = inline ?? argv[++i];
      if (value === undefined || (inline === undefined && value.startsWith('--'))) {
        throw new UsageError(`--${rawName} needs a value`);
      }
      flags[rawName] = value;
    }
  }
  return { flags, positional };
}
