import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, startServerProcess } from '../../helpers/server-process.ts';
import { writeImportCsv } from '../../bench/import-csv.ts';

function admin(
  args: string[],
  env: Record<string, string>,
  stdin = '',
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'api/cli/admin.ts'), ...args], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.stdin.end(stdin);
    // 'close', not 'exit': the process can exit before its last output has been read.
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

// Each command opens the embedded database (2–4 s), so these tests get more time than the default.
describe('npm run admin (the command line)', { timeout: 120_000 }, () => {
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-admin-cli-'));
    env = { DATA_DIR: path.join(dir, 'data') };
  });
  afterAll(async () => {
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('creates staff with a password read from stdin, refusing a weak one', async () => {
    const weak = await admin(
      ['user', 'create', '--email', 'zwak@keurmerk.test', '--role', 'viewer', '--password-stdin'],
      env,
      'welkom123456\n',
    );
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('too common');
    const ok = await admin(
      [
        'user',
        'create',
        '--email',
        'Beheer@Keurmerk.test',
        '--name',
        'Beheer',
        '--role',
        'admin',
        '--password-stdin',
      ],
      env,
      'molen dijk tulp regen 2026\n',
    );
    expect(ok).toMatchObject({ code: 0, stdout: 'created admin beheer@keurmerk.test (id 1)\n' });
    const noStdin = await admin(['user', 'create', '--email', 'x@keurmerk.test', '--role', 'viewer'], env);
    expect(noStdin.code).toBe(2);
    const list = await admin(['user', 'list'], env);
    expect(list.stdout).toMatch(/^1\tadmin\tbeheer@keurmerk\.test\tactive/);
    expect(list.stdout).not.toContain('zwak');
  });

  it('imports a CSV all or nothing with line numbers, a dry run, and no change the second time', async () => {
    const bad = path.join(dir, 'bad.csv');
    const good = path.join(dir, 'good.csv');
    await writeImportCsv(bad, 30, { seed: 21, badRows: [12] });
    await writeImportCsv(good, 30, { seed: 21 });
    const failed = await admin(['import', bad, '--quiet'], env);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain('line 14: registry_id:');
    expect(failed.stdout).toContain('nothing was imported');
    const dry = await admin(['import', good, '--dry-run'], env);
    expect(dry.stdout).toContain('would add 30 organisations and 20 certifications');
    expect(dry.stderr).toMatch(/checking \(kB\) \[#+\]/); // progress
    const imported = await admin(['import', good, '--quiet'], env);
    expect(imported).toMatchObject({ code: 0 });
    expect(imported.stdout).toContain('added 30 organisations and 20 certifications; 0 already present');
    const again = await admin(['import', good, '--quiet'], env);
    expect(again.stdout).toContain('added 0 organisations and 0 certifications; 30 already present');
    const verify = await admin(['audit', 'verify'], env);
    expect(verify.code).toBe(0);
    expect(verify.stdout).toContain('certification events: 30 in an intact chain');
  });

  it('prints a token once; the running server accepts it; the CLI stays off a running embedded database', async () => {
    // A token acts for a staff member, named on the command line.
    const ownerless = await admin(['token', 'create', '--role', 'viewer', '--name', 'ci'], env);
    expect(ownerless.code).toBe(2);
    expect(ownerless.stderr).toContain('--owner');
    const created = await admin(
      ['token', 'create', '--role', 'viewer', '--name', 'ci', '--owner', 'beheer@keurmerk.test'],
      env,
    );
    expect(created.code).toBe(0);
    const token = created.stdout.trim();
    expect(token).toMatch(/^kmt_[\w-]{43}$/);
    expect(created.stderr).toContain('shown once');
    expect((await admin(['token', 'list'], env)).stdout).not.toContain(token.slice(4));
    const server = await startServerProcess(env);
    try {
      const me = await fetch(`${server.url}/api/v1/admin/me`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(await me.json()).toEqual({ kind: 'token', name: 'ci', role: 'viewer' });
      const busy = await admin(['user', 'list'], env);
      expect(busy.code).toBe(1);
      expect(busy.stderr).toContain('stop it first or use the admin API');
    } finally {
      await server.stop();
    }
    const audit = await admin(['audit', 'list', '--limit', '100'], env);
    expect(audit.stdout).toContain('token:ci\taccount.whoami');
    expect(audit.stdout).toMatch(/cli:\S+\tregistry\.import/);
  });

  it('creates the first admin from ADMIN_EMAIL and ADMIN_PASSWORD on an empty database only', async () => {
    const fresh = {
      DATA_DIR: path.join(dir, 'fresh'),
      ADMIN_EMAIL: 'eerste@keurmerk.test',
      ADMIN_PASSWORD: 'lange zin voor de beheerder 1',
    };
    const weak = await admin(['user', 'list'], { ...fresh, ADMIN_PASSWORD: 'password1234' });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toContain('ADMIN_PASSWORD');
    const first = await admin(['user', 'list'], fresh);
    expect(first.stdout).toMatch(/^1\tadmin\teerste@keurmerk\.test/);
    const second = await admin(['user', 'list'], { ...fresh, ADMIN_EMAIL: 'tweede@keurmerk.test' });
    expect(second.stdout).not.toContain('tweede');
  });
});
