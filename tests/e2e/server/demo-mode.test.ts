import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, startServerProcess } from '../../helpers/server-process.ts';
import { getPage, signInUi } from '../../helpers/admin-e2e.ts';

// `npm run demo` sets DEMO=1: a first-time user gets a way into /admin without setting variables.

const CREDENTIALS = /e-mail:\s+(\S+)\n\s*passphrase:\s+(\S+)\n/;

describe('demo mode', () => {
  let dataDir: string;
  // One data directory started three times: the same port, since the signing key is bound to PUBLIC_URL.
  let env: Record<string, string>;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-demo-mode-'));
    env = { DATA_DIR: dataDir, PORT: String(await freePort()) };
  });
  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('without DEMO creates no account and prints no credentials', async () => {
    const server = await startServerProcess(env);
    try {
      expect(server.output()).not.toMatch(CREDENTIALS);
      const signIn = await fetch(`${server.url}/admin/sign-in`);
      expect(signIn.status).toBe(200);
      await signIn.arrayBuffer();
      await expect(signInUi(server.url, 'demo@keurmerk.localhost', 'aaaa-aaaa-aaaa-aaaa')).rejects.toThrow();
    } finally {
      await server.stop();
    }
  });

  it('with DEMO=1 on a database without staff prints a working sign-in once', async () => {
    const first = await startServerProcess({ ...env, DEMO: '1' });
    let email: string;
    let password: string;
    try {
      const match = CREDENTIALS.exec(first.output());
      expect(match, first.output()).not.toBeNull();
      [, email, password] = match! as unknown as [string, string, string];
      expect(first.output()).toContain(`${first.url}/admin/sign-in`);
      const cookie = await signInUi(first.url, email, password);
      const overview = await getPage(first.url, '/admin', cookie);
      expect(overview.status).toBe(200);
      expect(overview.html).toContain('Demo administrator');
    } finally {
      await first.stop();
    }
    // The account exists now: a second start prints nothing new, and the printed passphrase works.
    const second = await startServerProcess({ ...env, DEMO: '1' });
    try {
      expect(second.output()).not.toMatch(CREDENTIALS);
      expect(await signInUi(second.url, email, password)).toContain('km_session=');
    } finally {
      await second.stop();
    }
  });

  it('refuses a DEMO value it does not understand, naming the variable', async () => {
    await expect(startServerProcess({ ...env, DEMO: 'yes' }, 20_000)).rejects.toThrow(/DEMO/);
  });
});
