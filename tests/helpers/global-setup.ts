import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../db/platform/connection.ts';
import { migrateToLatest } from '../../db/platform/migrate.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tarball of a migrated, scheme-seeded PGlite data directory: cloning it takes ~0.2 s. */
    pgliteTemplate: string;
    /** Name of a migrated PostgreSQL template database, or null without TEST_DATABASE_URL. */
    pgTemplate: string | null;
  }
}

/** Migrates once per run; every test file then clones its own database from these templates. */
export default async function setup(project: TestProject) {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-test-'));
  const handle = await openDatabase({ databaseUrl: null, dataDir: 'memory://' });
  await migrateToLatest(handle.db);
  await seedSchemes(handle.db);
  const dump = await handle.pglite!.dumpDataDir('none');
  const templateFile = path.join(dir, 'pglite-template.tar');
  await fs.writeFile(templateFile, Buffer.from(await dump.arrayBuffer()));
  await handle.close();
  project.provide('pgliteTemplate', templateFile);

  const adminUrl = process.env['TEST_DATABASE_URL'];
  let pgTemplate: string | null = null;
  if (adminUrl) {
    pgTemplate = `keurmerk_tpl_${process.pid}`;
    const admin = new pg.Client({ connectionString: adminUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${pgTemplate}`);
    await admin.query(`create database ${pgTemplate}`);
    const url = new URL(adminUrl);
    url.pathname = `/${pgTemplate}`;
    const tpl = await openDatabase({ databaseUrl: url.href, dataDir: 'memory://' });
    await migrateToLatest(tpl.db);
    await seedSchemes(tpl.db);
    await tpl.close();
    await admin.end();
  }
  project.provide('pgTemplate', pgTemplate);

  return async () => {
    await fs.rm(dir, { recursive: true, force: true });
    if (adminUrl && pgTemplate) {
      const admin = new pg.Client({ connectionString: adminUrl });
      await admin.connect();
      // Leftover test databases of this run (a crashed file) go too.
      const { rows } = await admin.query<{ datname: string }>(
        `select datname from pg_database where datname like 'kt\\_${process.pid}\\_%' or datname = $1`,
        [pgTemplate],
      );
      for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
      await admin.end();
    }
  };
}
