import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Kysely } from 'kysely';
import { runNode } from '../../../helpers/server-process.ts';
import { createPgDatabase, dropPgDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import type { Database } from '../../../../db/schema/database.ts';
import { openDatabase } from '../../../../db/platform/connection.ts';
import { migrateToLatest } from '../../../../db/platform/migrate.ts';
import { seedSchemes } from '../../../../db/seed/scheme-files.ts';
import { addEvidence } from '../../../../db/workflow/evidence.ts';

// Backups carry evidence files (issue 18): a file stored in a case survives the real backup and
// restore commands of both kinds byte for byte, checked by SHA-256 against what was uploaded.

let dir: string;
beforeAll(async () => {
  dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-backup-evidence-'));
});
afterAll(async () => {
  await fs.rm(dir, { recursive: true, force: true });
});

/** A PDF with random content, so no other file could share its hash. */
const bytes = () => new Uint8Array(Buffer.concat([Buffer.from('%PDF-1.7\n%'), randomBytes(64 * 1024)]));
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

async function storeOne(db: Kysely<Database>, content: Uint8Array): Promise<number> {
  const cert = await pendingCertification(db);
  const { id: caseId } = await db
    .insertInto('certification_case')
    .values({
      certification_id: cert.id,
      kind: 'application',
      stage: 'draft',
      scheme_version_id: cert.scheme_version_id,
      opened_by: 'test',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const stored = await addEvidence(
    db,
    {
      caseId,
      criterionId: null,
      purpose: 'answer',
      fileName: 'jaarverslag.pdf',
      bytes: content,
      uploadedBy: 'test',
      side: 'member',
    },
    new Date(),
  );
  return stored.id;
}

async function readBack(databaseUrl: string | null, dataDir: string, id: number) {
  const handle = await openDatabase({ databaseUrl, dataDir });
  try {
    return await handle.db
      .selectFrom('case_evidence')
      .select(['sha256', 'content', 'file_name', 'size_bytes'])
      .where('id', '=', id)
      .executeTakeFirstOrThrow();
  } finally {
    await handle.close();
  }
}

describe('backups carry evidence files', () => {
  it(
    'embedded database: backup, restore into an empty directory, same bytes',
    { timeout: 180_000 },
    async () => {
      const source = path.join(dir, 'source');
      const content = bytes();
      const handle = await openDatabase({ databaseUrl: null, dataDir: source, role: 'test fixture' });
      let id: number;
      try {
        await migrateToLatest(handle.db);
        await seedSchemes(handle.db);
        id = await storeOne(handle.db, content);
      } finally {
        await handle.close();
      }
      const file = path.join(dir, 'registry.tar.gz');
      const backup = await runNode('api/cli/db-backup.ts', [file], { DATA_DIR: source });
      expect(backup.code, backup.stderr).toBe(0);
      const target = path.join(dir, 'restored');
      const restore = await runNode('api/cli/db-restore.ts', [file], { DATA_DIR: target });
      expect(restore.code, restore.stderr).toBe(0);
      const row = await readBack(null, target, id);
      expect(row.sha256).toBe(sha256(content));
      expect(sha256(row.content)).toBe(sha256(content));
      expect(row.size_bytes).toBe(content.byteLength);
    },
  );

  it.runIf(process.env['TEST_DATABASE_URL'])(
    'PostgreSQL: pg_dump, restore into an empty database, same bytes',
    { timeout: 180_000 },
    async () => {
      const source = await createPgDatabase();
      const target = await createEmptyPgDatabase();
      try {
        const content = bytes();
        const handle = await openDatabase({ databaseUrl: source, dataDir: 'memory://' });
        let id: number;
        try {
          id = await storeOne(handle.db, content);
        } finally {
          await handle.close();
        }
        const file = path.join(dir, 'registry.dump');
        const backup = await runNode('api/cli/db-backup.ts', [file], { DATABASE_URL: source });
        expect(backup.code, backup.stderr).toBe(0);
        const restore = await runNode('api/cli/db-restore.ts', [file], { DATABASE_URL: target });
        expect(restore.code, restore.stderr).toBe(0);
        const row = await readBack(target, 'memory://', id);
        expect(row.sha256).toBe(sha256(content));
        expect(sha256(row.content)).toBe(sha256(content));
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
  const name = `kt_${process.ppid}_empty_ev_${Date.now()}`;
  const admin = new pg.default.Client({ connectionString: process.env['TEST_DATABASE_URL'] });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(process.env['TEST_DATABASE_URL']!);
  url.pathname = `/${name}`;
  return url.href;
}
