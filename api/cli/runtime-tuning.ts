/**
 * Memory settings for the server process. Node and glibc read them only at start-up, so the
 * entry point re-executes Node in place (process.execve: same PID, same file descriptors) before
 * anything else is loaded. Why each one (figures from `npm run bench -- badges`, see README):
 *
 * - V8 grows its young generation to 128 MB under a steady stream of requests; 16 MB semi-spaces
 *   keep the resident set of a loaded server within ~25 MB of its idle size. Smaller ones cost
 *   speed: at 4 MB a cache-miss render spends a quarter of its time in scavenges (median 5.3–6.0
 *   ms against 4.1 ms at 16 MB) for 17 MB less RSS.
 * - glibc raises its mmap threshold after large buffers are freed (font parsing, PNG rendering),
 *   after which such buffers stay in the heap for good; a fixed threshold returns them.
 *   Two malloc arenas instead of one per thread.
 *
 * An operator's own --max-semi-space-size or MALLOC_* variables win; KEURMERK_TUNING=off skips it.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=16'];
export const SERVER_MALLOC_ENV: Readonly<Record<string, string>> = {
  MALLOC_ARENA_MAX: '2',
  MALLOC_MMAP_THRESHOLD_: '131072',
};
const MARKER = 'KEURMERK_TUNED';

/** Replaces this process with a tuned one when needed; returns when it is tuned already (or cannot be). */
export function relaunchTuned(): void {
  const env = process.env;
  if (env[MARKER] === '1' || env['KEURMERK_TUNING'] === 'off') return;
  if (typeof process.execve !== 'function') return; // Windows, worker threads
  const own = [...process.execArgv, ...(env['NODE_OPTIONS'] ?? '').split(/\s+/)];
  const flags = SERVER_NODE_FLAGS.filter((flag) => !own.some((o) => o.startsWith(flag.split('=')[0]!)));
  process.execve(
    process.execPath,
    [process.execPath, ...flags, ...process.execArgv, ...process.argv.slice(1)],
    {
      ...SERVER_MALLOC_ENV,
      ...env,
      [MARKER]: '1',
    },
  );
}
