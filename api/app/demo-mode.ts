import { ConfigError } from './config.ts';

/**
 * DEMO=1 is set by `npm run demo` only (never by `npm start`): it lets a first-time user into
 * /admin without setting two variables. Read here rather than in config.ts because only the
 * server's entry point acts on it; validated the same way (a bad value stops start-up, naming it).
 */
export function readDemoMode(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const raw = env['DEMO']?.trim() ?? '';
  if (raw === '' || raw === '0') return false;
  if (raw === '1') return true;
  throw new ConfigError('DEMO', `expected 1 or 0, got "${raw}"`);
}
