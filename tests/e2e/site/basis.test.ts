import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { runNode, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { axeViolations, browserAvailable, launchBrowser } from '../../helpers/browser.ts';
import { servedOpenApiValidator, type OpenApiValidator } from '../../helpers/openapi-validator.ts';
import { pendingCertification } from '../../helpers/fixtures.ts';
import { openDatabase } from '../../../db/platform/connection.ts';
import { caseDetail, openCase, type CaseActor } from '../../../db/workflow/cases.ts';
import { recordReviews, saveAnswers, startReview, submitCase } from '../../../db/workflow/moves.ts';
import { addEvidence } from '../../../db/workflow/evidence.ts';
import { grantCase } from '../../../db/workflow/decide.ts';

// Issue 18: the public sees per criterion what its result rests on — here a `reviewed` grant — and
// nothing of the evidence: not the member's explanations, the reviewer's comments or file names.

const NOW = new Date();
const ago = (days: number) => new Date(NOW.getTime() - days * 86_400_000);
const EXPLANATION = 'Uitleg-7f3a: ons klachtenprotocol';
const COMMENT = 'Opmerking-9c1e van de beoordelaar';
const FILE = 'bewijsstuk-5d2b.pdf';
const SECRETS = [EXPLANATION, COMMENT, FILE, 'Uitleg-7f3a', 'Opmerking-9c1e', 'bewijsstuk-5d2b'];
const WORDS = { nl: 'Beoordeeld', en: 'Reviewed', fr: 'Examiné' } as const;
const PREFIX = { nl: '', en: '/en', fr: '/fr' } as const;

let dataDir: string;
let server: ServerProcess;
let base: string;
let slug: string;
let publicId: string;
let openApi: OpenApiValidator;

/** A reviewed application granted by a second person, with evidence, in the embedded directory. */
async function grantReviewed(dir: string): Promise<void> {
  const handle = await openDatabase({ databaseUrl: null, dataDir: dir, role: 'test' });
  try {
    const db = handle.db;
    const staff = async (email: string): Promise<CaseActor> => ({
      name: email,
      staffId: (
        await db
          .insertInto('staff_user')
          .values({ email, display_name: email, role: 'assessor', password_hash: 'not a usable hash' })
          .returning('id')
          .executeTakeFirstOrThrow()
      ).id,
    });
    const [alice, bob] = [await staff('alice@keurmerk.test'), await staff('bob@keurmerk.test')];
    const member: CaseActor = { name: 'member:owner@org.test', staffId: null };
    const cert = await pendingCertification(db, { now: ago(20), name: 'Basisproef Klantenservice B.V.' });
    [slug, publicId] = [cert.organisationSlug, cert.public_id];
    const kase = await openCase(db, {
      certificationId: cert.id,
      kind: 'application',
      actor: member,
      now: ago(20),
    });
    const codes = (await caseDetail(db, kase.id))!.criteria.map((c) => c.code);
    await saveAnswers(
      db,
      kase.id,
      codes.map((criterion) => ({ criterion, answer: 'met', explanation: `${EXPLANATION} (${criterion})` })),
      member,
      ago(15),
    );
    await addEvidence(
      db,
      {
        caseId: kase.id,
        criterionId: null,
        purpose: 'answer',
        fileName: FILE,
        bytes: new TextEncoder().encode('%PDF-1.7\n%%EOF\n'),
        uploadedBy: member.name,
        side: 'member',
      },
      ago(15),
    );
    await submitCase(db, kase.id, member, ago(14));
    await startReview(db, kase.id, alice, ago(10));
    await recordReviews(
      db,
      kase.id,
      codes.map((criterion, i) => ({
        criterion,
        verdict: i === 0 ? 'finding' : 'accepted',
        severity: i === 0 ? 'recommended' : null,
        comment: i === 0 ? COMMENT : null,
      })),
      alice,
      ago(9),
    );
    await grantCase(db, kase.id, { actor: bob, level: 'reviewed', now: ago(5), hooks: [] });
  } finally {
    await handle.close();
  }
}

beforeAll(async () => {
  dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-basis-'));
  const seeded = await runNode(
    'api/cli/seed-demo.ts',
    ['--orgs', '5', '--quiet'],
    { DATA_DIR: dataDir },
    180_000,
  );
  if (seeded.code !== 0) throw new Error(seeded.stderr);
  await grantReviewed(dataDir);
  server = await startServerProcess({ DATA_DIR: dataDir });
  base = server.url;
  openApi = await servedOpenApiValidator(base);
}, 300_000);
afterAll(async () => {
  await server?.stop('SIGKILL');
  await fs.rm(dataDir, { recursive: true, force: true });
});

async function text(pathname: string): Promise<string> {
  const response = await fetch(`${base}${pathname}`);
  expect(response.status, pathname).toBe(200);
  if (/^\/(api|open-data)\//.test(pathname)) await openApi.check('GET', pathname, response.clone());
  return response.text();
}

/** The texts of the basis column's cells, in table order. */
const basisCells = (html: string) =>
  [...html.matchAll(/<td class="basis"[^>]*>([^<]*)<\/td>/g)].map((m) => m[1]);

function expectNoEvidence(body: string, where: string) {
  for (const secret of SECRETS) expect(body, `${where} shows "${secret}"`).not.toContain(secret);
}

describe('per-criterion basis over HTTP', () => {
  it.each(['nl', 'en', 'fr'] as const)(
    'organisation and verify pages say "%s: reviewed" per criterion, with a legend',
    async (lang) => {
      for (const page of [`${PREFIX[lang]}/organisations/${slug}`, `${PREFIX[lang]}/verify/${publicId}`]) {
        const html = await text(page);
        expect(basisCells(html), page).toEqual(Array.from({ length: 7 }, () => WORDS[lang]));
        expect(html, page).toMatch(/<details class="basis-legend"[^>]*>\s*<summary>/);
        expectNoEvidence(html, page);
      }
    },
  );

  it('the read API gives the basis per criterion, as documented, and no evidence', async () => {
    const body = await text(`/api/v1/organisations/${slug}`);
    const org = JSON.parse(body) as {
      certifications: Array<{
        publicId: string;
        assuranceLevel: string;
        criteria: Array<Record<string, unknown>>;
      }>;
    };
    const cert = org.certifications.find((c) => c.publicId === publicId)!;
    expect(cert.assuranceLevel).toBe('reviewed');
    expect(cert.criteria).toHaveLength(7);
    for (const k of cert.criteria) {
      expect(k).toMatchObject({ result: 'met', basis: 'reviewed' });
      expect(Object.keys(k).sort()).toEqual(['basis', 'code', 'position', 'result']);
    }
    expectNoEvidence(body, 'the read API');
  });

  it('open data (JSON and CSV) and the verify API name the certification reviewed and carry no evidence', async () => {
    const json = await text('/open-data/registry.json');
    expect(json).toContain(publicId);
    const csv = await text('/open-data/registry.csv');
    const row = csv.split('\n').find((line) => line.includes(publicId))!;
    expect(row).toContain('reviewed');
    const verify = await text(`/api/v1/verify/${publicId}`);
    expect(verify).toContain('"assuranceLevel":"reviewed"');
    for (const [body, where] of [
      [json, 'open data JSON'],
      [csv, 'open data CSV'],
      [verify, 'the verify API'],
    ] as const)
      expectNoEvidence(body, where);
  });
});

describe.runIf(browserAvailable())('per-criterion basis in Chromium', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(() => browser?.close());

  it.each(['nl', 'en', 'fr'] as const)(
    'the organisation and verify pages with their legend open have no axe violations (%s)',
    async (lang) => {
      for (const url of [`${PREFIX[lang]}/organisations/${slug}`, `${PREFIX[lang]}/verify/${publicId}`]) {
        const page = await browser.newPage();
        try {
          await page.goto(`${base}${url}`);
          // By keyboard: focus the legend's summary and open it with Enter.
          await page.locator('details.basis-legend summary').first().focus();
          await page.keyboard.press('Enter');
          expect(await page.locator('details.basis-legend').first().getAttribute('open'), url).toBe('');
          await expect(page.locator('details.basis-legend dt').first().textContent()).resolves.toBe(
            { nl: 'Zelfverklaring', en: 'Self-declared', fr: 'Auto-déclaration' }[lang],
          );
          expect(await axeViolations(page), url).toEqual([]);
        } finally {
          await page.close();
        }
      }
    },
    90_000,
  );
});
