import type { Deps } from '../../api/app/deps.ts';

let devDeps: Promise<Deps> | null = null;

/**
 * Under `astro dev` there is no api/server.ts to build the deps, so the first request builds them
 * the same way (one instance for the dev server's life). In production they arrive as locals.
 */
export function devDependencies(): Promise<Deps> {
  devDeps ??= (async () => {
    const { loadConfig } = await import('../../api/app/config.ts');
    const { createLogger } = await import('../../api/app/log.ts');
    const { createDeps } = await import('../../api/app/bootstrap.ts');
    const config = loadConfig();
    return createDeps(config, createLogger(config.logLevel, { service: 'keurmerk-dev' }), 'astro-dev');
  })();
  return devDeps;
}
