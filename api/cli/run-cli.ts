import { parseArgs as nodeParseArgs, type ParseArgsConfig } from 'node:util';
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

/** A command's options: each name, and whether it takes a value. */
export type OptionSpec = Record<string, 'string' | 'boolean'>;

/**
 * Parses `--name value`, `--name=value`, `--flag` and positionals with Node's `util.parseArgs` in
 * strict mode: an option the command does not declare, a flag given a value or an option missing
 * its value is a UsageError (exit 2). Arguments after `--` are positional.
 */
export function parseArgs(
  argv: readonly string[],
  spec: OptionSpec,
): { flags: Record<string, string | boolean>; positional: string[] } {
  const options = Object.fromEntries(Object.entries(spec).map(([name, type]) => [name, { type }]));
  try {
    const { values, positionals } = nodeParseArgs({
      args: [...argv],
      options,
      strict: true,
      allowPositionals: true,
    });
    return { flags: values as Record<string, string | boolean>, positional: positionals };
  } catch (error) {
    if (!(
      error instanceof TypeError && String((error as { code?: unknown }).code).startsWith('ERR_PARSE_ARGS')
    ))
      throw error;
    throw new UsageError(explain(argv, spec, options) ?? error.message.split('\n')[0]!);
  }
}

/**
 * `parseArgs` for a command that takes `--help` (every one does): with it, prints `help` and says
 * `helped`, so the command ends with exit code 0 before it reads any configuration.
 */
export function parseArgsOrHelp(
  argv: readonly string[],
  spec: OptionSpec,
  help: string,
): { flags: Record<string, string | boolean>; positional: string[]; helped: boolean } {
  const parsed = parseArgs(argv, { help: 'boolean', ...spec });
  const helped = parsed.flags['help'] === true;
  if (helped) process.stdout.write(help);
  return { ...parsed, helped };
}

// Node's messages are long and in its own words; the tokens of a lenient parse say which rule was
// broken, so the one-line hints our users (and tests) know stay as they were.
function explain(
  argv: readonly string[],
  spec: OptionSpec,
  options: ParseArgsConfig['options'],
): string | undefined {
  const { tokens } = nodeParseArgs({
    args: [...argv],
    options,
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    const kind = spec[token.name];
    if (!kind) return `unknown option ${token.rawName}`;
    if (kind === 'boolean' && token.value !== undefined) return `--${token.name} takes no value`;
    if (kind === 'string' && token.value === undefined) return `--${token.name} needs a value`;
    if (kind === 'string' && !token.inlineValue && token.value?.startsWith('-'))
      return token.value.startsWith('--')
        ? `--${token.name} needs a value`
        : `--${token.name} needs a value; write --${token.name}=${token.value} for one that starts with a dash`;
  }
  return undefined;
}
