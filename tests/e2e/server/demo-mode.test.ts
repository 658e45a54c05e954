import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runNode, startServerProcess } from '../../helpers/server-process.ts';
import { getPage, signInUi } from '../../helpers/admin-e2e.ts';
import { DEMO_CASE_STAGES, demoCasePublicId } from '../../../db/seed/demo-case-plan.ts';

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

// `npm run demo` seeds workflow cases (`--cases`): the new admin finds a living queue, and the demo
// members belong to organisations with cases.
describe('demo mode with the demo cases', () => {
  it('shows every open stage in the queue, the overdue remediation on top, and members of case organisations', async () => {
    const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-demo-cases-'));
    try {
      const seeded = await runNode(
        'api/cli/seed-demo.ts',
        ['--orgs', '5', '--cases', '--quiet'],
        { DATA_DIR: dataDir },
        180_000,
      );
      expect(seeded.code, seeded.stderr).toBe(0);
      expect(seeded.stdout).toContain(`${DEMO_CASE_STAGES.length} with workflow cases added`);
      const server = await startServerProcess({
        DATA_DIR: dataDir,
        DEMO: '1',
        PORT: String(await freePort()),
      });
      try {
        const match = CREDENTIALS.exec(server.output());
        expect(match, server.output()).not.toBeNull();
        const cookie = await signInUi(server.url, match![1]!, match![2]!);
        const queue = await getPage(server.url, '/admin/queue', cookie);
        expect(queue.status).toBe(200);
        const overdue = queue.html.slice(
          queue.html.indexOf('id="q-overdue"'),
          queue.html.indexOf('id="q-application"'),
        );
        expect(overdue).toContain(demoCasePublicId(1, 'remediation_overdue'));
        expect(overdue).not.toContain(demoCasePublicId(1, 'remediation_answered'));
        for (const stage of DEMO_CASE_STAGES) {
          const open = stage !== 'refused' && stage !== 'granted';
          expect(queue.html.includes(demoCasePublicId(1, stage)), stage).toBe(open);
        }
        expect(server.output()).toContain(
          'as eigenaar-1@leden.keurmerk.localhost (owner of Verzekeringen Duinrand N.V.)',
        );
        expect(server.output()).toContain(
          'as eigenaar-2@leden.keurmerk.localhost (owner of Energie Windkracht B.V.)',
        );
      } finally {
        await server.stop();
      }
    } finally {
      await fs.rm(dataDir, { recursive: true, force: true });
    }
  }, 400_000);
});
