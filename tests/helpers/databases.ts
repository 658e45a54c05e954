import fs from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { openDatabase, type DatabaseHandle, type DatabaseKind } from '../../db/platform/connection.ts';

/** Every database kind this run tests: PGlite always, PostgreSQL when TEST_DATABASE_URL is set. */
export const DIALECTS: DatabaseKind[] = process.env['TEST_DATABASE_URL']
  ? ['pglite', 'postgres']
  : ['pglite'];

export type TestDatabase = DatabaseHandle & { url: string | null };

function adminUrl(): string {
  const url = process.env['TEST_DATABASE_URL'];
  if (!url) throw new Error('TEST_DATABASE_URL is not set');
  return url;
}

/** Creates an empty PostgreSQL database cloned from the migrated template; returns its URL. */
export async function createPgDatabase(): Promise<string> {
  const template = inject('pgTemplate');
  if (!template) throw new Error('no PostgreSQL template (TEST_DATABASE_URL unset?)');
  const name = `kt_${process.ppid}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  try {
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`create database ${name} template ${template}`);
        break;
      } catch (error) {
        // Two files cloning the template at the same instant: PostgreSQL refuses one; try again.
        if (attempt >= 20) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await admin.end();
  }
  const url = new URL(adminUrl());
  url.pathname = `/${name}`;
  return url.href;
}

export async function dropPgDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`).finally(() => admin.end());
}

/** The migrated template as a Blob, for starting PGlite from it (about 0.2 s instead of 2 s). */
export async function pgliteTemplate(): Promise<Blob> {
  return new Blob([await fs.readFile(inject('pgliteTemplate'))]);
}

/** A fresh, migrated, scheme-seeded database of the given kind, private to the caller. */
export async function openTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  if (kind === 'pglite') {
    const handle = await openDatabase({
      databaseUrl: null,
      dataDir: 'memory://',
      loadDataDir: await pgliteTemplate(),
    });
    return { ...handle, url: null };
  }
  const url = await createPgDatabase();
  const handle = await openDatabase({ databaseUrl: url, dataDir: 'memory://' });
  return {
    ...handle,
    url,
    async close() {
      await handle.close();
      await dropPgDatabase(url);
    },
  };
}
