import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runNode, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { migrateToLatest } from '../../../db/platform/migrate.ts';
import { seedSchemes } from '../../../db/seed/scheme-files.ts';
import { openKeyStore } from '../../../badges/credentials/key-store.ts';
import { credentialHook } from '../../../badges/credentials/issuance.ts';
import { createOrganisation } from '../../../db/organisation/organisations.ts';
import { createCertification, grant } from '../../../db/certification/transitions.ts';
import { addMonths } from '../../../db/certification/lifecycle.ts';
import { svgCredentials } from '../../helpers/badge-reading.ts';

const DAY = 86_400_000;

// A renewal submitted in time and still under review at valid_until: the renewals job (run with
// --now just before the end) starts the grace period, and the built server's badge, verify API and
// verify page all say valid, renewal under review, on the real clock a day after valid_until.
describe('renewal under review past valid_until (built server)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let publicId: string;
  let validUntil: Date;
  let jobOutput: string;
  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-grace-'));
    const port = await freePort();
    const publicUrl = `http://127.0.0.1:${port}`;
    const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test fixture' });
    try {
      const db = handle.db;
      await migrateToLatest(db);
      await seedSchemes(db);
      const keys = await openKeyStore(db, { publicUrl, alg: 'RS256', keyFile: null, dataDir });
      const hooks = [credentialHook({ keys, publicUrl })];
      const org = await createOrganisation(db, {
        legalName: 'Verlenging B.V.',
        country: 'NL',
        registryId: '40000017',
        city: 'Utrecht',
        website: 'https://www.verlenging.example.nl',
      });
      const scheme = await db
        .selectFrom('scheme')
        .select('id')
        .where('slug', '=', 'ksf-service-promises')
        .executeTakeFirstOrThrow();
      // Granted 12 months and a day ago: the period ended yesterday.
      const grantedAt = addMonths(new Date(Date.now() - DAY), -12);
      const cert = await createCertification(db, {
        organisationId: org.id,
        schemeId: scheme.id,
        assuranceLevel: 'self_declared',
        actor: 'test',
        reason: 'application',
        now: grantedAt,
      });
      const granted = await grant(db, cert.public_id, {
        actor: 'assessor@test',
        reason: 'granted',
        now: grantedAt,
        hooks,
      });
      publicId = granted.public_id;
      validUntil = granted.valid_until!;
      await db
        .insertInto('certification_case')
        .values({
          certification_id: granted.id,
          kind: 'renewal',
          stage: 'in_review',
          scheme_version_id: granted.scheme_version_id,
          opened_by: 'system:renewals',
          opened_at: new Date(validUntil.getTime() - 60 * DAY),
          submitted_at: new Date(validUntil.getTime() - 20 * DAY),
          due_at: validUntil,
        })
        .execute();
    } finally {
      await handle.close();
    }
    const job = await runNode(
      'api/cli/jobs.ts',
      ['renewals', '--now', new Date(validUntil.getTime() - 10 * 60_000).toISOString(), '--json'],
      { DATA_DIR: dataDir, PUBLIC_URL: publicUrl },
    );
    jobOutput = job.stdout + job.stderr;
    expect(job.code, jobOutput).toBe(0);
    server = await startServerProcess({ DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: publicUrl });
  }, 300_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('the job started the grace period', () => {
    expect(jobOutput).toContain(publicId);
  });

  it('the verify API says valid, renewal under review, until the end of the grace period', async () => {
    const live = (await (await fetch(`${server.url}/api/v1/verify/${publicId}`)).json()) as {
      certification: { status: string; renewalUnderReview: boolean; validUntil: string };
    };
    expect(live.certification.status).toBe('active');
    expect(live.certification.renewalUnderReview).toBe(true);
    expect(live.certification.validUntil).toBe(new Date(validUntil.getTime() + 30 * DAY).toISOString());
  });

  it('the badge carries a credential that verifies as valid', async () => {
    const svg = await (await fetch(`${server.url}/badges/${publicId}.svg`)).text();
    const [token] = svgCredentials(svg);
    expect(token).toBeDefined();
    const verdict = (await (
      await fetch(`${server.url}/api/v1/verify`, {
        method: 'POST',
        headers: { 'content-type': 'image/svg+xml' },
        body: svg,
      })
    ).json()) as { verdict: string; certification: { renewalUnderReview: boolean } };
    expect(verdict.verdict).toBe('valid');
    expect(verdict.certification.renewalUnderReview).toBe(true);
  });

  it.each([
    ['', 'Geldig, verlenging in behandeling'],
    ['/en', 'Valid, renewal under review'],
    ['/fr', 'Valide, renouvellement en cours d’examen'],
  ])('the verify page %s says so', async (prefix, words) => {
    const html = await (await fetch(`${server.url}${prefix}/verify/${publicId}`)).text();
    expect(html).toContain(words);
  });
});
