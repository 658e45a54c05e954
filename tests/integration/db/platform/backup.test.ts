import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runNode } from '../../../helpers/server-process.ts';
import { createPgDatabase, dropPgDatabase } from '../../../helpers/databases.ts';
import { openDatabase } from '../../../../db/platform/connection.ts';
import { summarise, type DatabaseSummary } from '../../../../db/platform/backup.ts';
import { registrySecret } from '../../../../db/platform/registry-secret.ts';

// Backups through the real commands: seed, back up, restore into an empty database, compare.
let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-backup-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

async function summaryOf(databaseUrl: string | null, dataDir: string): Promise<DatabaseSummary> {
  const handle = await openDatabase({ databaseUrl, dataDir });
  try {
    return await summarise(handle.db);
  } finally {
    await handle.close();
  }
}

/** The shared report key secret (made on first use): a restore must bring the same one back. */
async function secretOf(databaseUrl: string | null, dataDir: string): Promise<string> {
  const handle = await openDatabase({ databaseUrl, dataDir });
  try {
    return await registrySecret(handle.db, 'report_key');
  } finally {
    await handle.close();
  }
}

describe('backup and restore of the embedded database', () => {
  // One seeded source and its backup serve every test here, made before any of them (the hook
  // has the longer hook timeout: three CLI processes), so no test depends on another's leftovers.
  const source = () => path.join(dir, 'source');
  const file = () => path.join(dir, 'registry.tar.gz');
  let secret = '';
  beforeAll(async () => {
    const seeded = await runNode('api/cli/seed-demo.ts', ['--orgs', '120', '--quiet'], {
      DATA_DIR: source(),
    });
    expect(seeded.code, seeded.stderr).toBe(0);
    secret = await secretOf(null, source());
    const backup = await runNode('api/cli/db-backup.ts', [file()], { DATA_DIR: source() });
    expect(backup.code, backup.stderr).toBe(0);
  });

  // CLI processes: seconds each on an idle machine, far more when the suite's two workers share it.
  it(
    'restores into an empty directory with the same counts and an intact chain',
    { timeout: 90_000 },
    async () => {
      const target = path.join(dir, 'restored');
      const restore = await runNode('api/cli/db-restore.ts', [file()], { DATA_DIR: target });
      expect(restore.code, restore.stderr).toBe(0);
      expect(restore.stdout).toMatch(
        /restored: 120 organisations, 120 certifications, \d+ events, 0 credentials; event chain intact/,
      );
      const [before, after] = [await summaryOf(null, source()), await summaryOf(null, target)];
      expect(after).toEqual(before);
      expect(after.chain.ok).toBe(true);
      expect(await secretOf(null, target)).toBe(secret);
    },
  );

  it('refuses to restore over existing data and names the problem', async () => {
    const occupied = path.join(dir, 'occupied');
    await fs.mkdir(occupied, { recursive: true });
    await fs.writeFile(path.join(occupied, 'PG_VERSION'), '18\n');
    const again = await runNode('api/cli/db-restore.ts', [file()], { DATA_DIR: occupied });
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('is not empty; restore into a new, empty directory');
  });

  it('refuses a file that is no backup', async () => {
    const junk = path.join(dir, 'junk.bin');
    await fs.writeFile(junk, 'hello');
    const result = await runNode('api/cli/db-restore.ts', [junk], { DATA_DIR: path.join(dir, 'nothing') });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is neither a pg_dump custom-format file nor a PGlite backup');
  });
});

describe.runIf(process.env['TEST_DATABASE_URL'])('backup and restore of PostgreSQL', () => {
  it(
    'restores a pg_dump archive into an empty database with the same counts and an intact chain',
    { timeout: 90_000 },
    async () => {
      const source = await createPgDatabase();
      const target = await createEmptyPgDatabase();
      try {
        expect(
          (await runNode('api/cli/seed-demo.ts', ['--orgs', '120', '--quiet'], { DATABASE_URL: source }))
            .code,
        ).toBe(0);
        const secret = await secretOf(source, 'memory://');
        const file = path.join(dir, 'registry.dump');
        const backup = await runNode('api/cli/db-backup.ts', [file], { DATABASE_URL: source });
        expect(backup.code, backup.stderr).toBe(0);
        const restore = await runNode('api/cli/db-restore.ts', [file], { DATABASE_URL: target });
        expect(restore.code, restore.stderr).toBe(0);
        expect(await summaryOf(target, 'memory://')).toEqual(await summaryOf(source, 'memory://'));
        expect(await secretOf(target, 'memory://')).toBe(secret);
        const twice = await runNode('api/cli/db-restore.ts', [file], { DATABASE_URL: target });
        expect(twice.code).toBe(1);
        expect(twice.stderr).toContain('not empty');
        const wrongKind = await runNode('api/cli/db-restore.ts', [path.join(dir, 'registry.tar.gz')], {
          DATABASE_URL: target,
        });
        expect(wrongKind.code).toBe(2);
        expect(wrongKind.stderr).toContain('is a pglite backup, but the target is postgres');
      } finally {
        await dropPgDatabase(source);
        await dropPgDatabase(target);
      }
    },
  );
});

/** An empty database (not cloned from the migrated template). */
async function createEmptyPgDatabase(): Promise<string> {
  const pg = await import('pg');
  const name = `kt_${process.ppid}_empty_${Date.now()}`;
  const admin = new pg.default.Client({ connectionString: process.env['TEST_DATABASE_URL'] });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(process.env['TEST_DATABASE_URL']!);
  url.pathname = `/${name}`;
  return url.href;
}
