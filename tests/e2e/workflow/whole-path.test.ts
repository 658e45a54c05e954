import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, runNode, startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { startSmtpSink, type ReceivedMail, type SmtpSink } from '../../helpers/smtp-sink.ts';
import { createPgDatabase, dropPgDatabase } from '../../helpers/databases.ts';
import {
  adminCall,
  cookiesFrom,
  getPage,
  postForm,
  prepareAdmin,
  signInUi,
  type AdminFixture,
} from '../../helpers/admin-e2e.ts';
import { nextKbo, nextKvk } from '../../helpers/fixtures.ts';
import { svgCredentials } from '../../helpers/badge-reading.ts';
import { openDatabase, type DatabaseHandle } from '../../../db/platform/connection.ts';

// Issue 18's first done-criterion: the whole certification path, for both seeded schemes and a
// third scheme made through the admin API, over real HTTP against the built server on PostgreSQL
// with a real SMTP server. Staff A (the assessor) reviews, requests changes, suspends; staff B
// (the admin) grants and decides the objection; A doing either is refused. The server has no
// movable clock: the jobs run through their command line, `--now` for the renewal's opening and
// reminder, and the end of the period is set a few seconds ahead (the data set-up the mail tests
// use) so the badge, the verify API and the verify page are read past it on the real clock.

const DAY = 86_400_000;
const PREFIX = `wp${process.pid}`;
const texts = (nl: string, en: string, fr: string) => ({ nl, en, fr });
const THIRD = {
  slug: `klantbelofte-${process.pid}`,
  owner: { name: 'Vereniging Klantcontact', slug: 'vk', url: 'https://vk.example' },
  country: 'NL',
  inForceFrom: '2026-01-01',
  validityMonths: 12,
  renewalGraceDays: 20,
  objectionPeriodDays: 42,
  name: texts('Klantbelofte', 'Customer Promise', 'Promesse client'),
  description: texts('Beloften aan klanten.', 'Promises to customers.', 'Promesses aux clients.'),
  criteria: ['k1', 'k2', 'k3', 'k4'].map((code, i) => ({
    code,
    title: texts(`Belofte ${i + 1}`, `Promise ${i + 1}`, `Promesse ${i + 1}`),
    description: texts('Altijd.', 'Always.', 'Toujours.'),
  })),
};

/** One organisation's walk through one scheme, filled in step by step. */
interface Walk {
  scheme: string;
  country: 'NL' | 'BE';
  registryId: string;
  legalName: string;
  email: string;
  contactName: string;
  graceDays: number;
  slug: string;
  cookie: string;
  caseId: number;
  evidenceId: number;
  publicId: string;
  version: number;
  codes: string[];
  /** Id of the first criterion of the case's version (the evidence form names criteria by id). */
  firstCriterionId: number;
  renewalCaseId: number;
  graceFrom: Date;
  objectionCaseId: number;
  /** Texts that belong to the application, the evidence, the review or the objection: never public. */
  secrets: string[];
  fileName: string;
  marker: string;
}

function newWalk(
  scheme: string,
  country: 'NL' | 'BE',
  legalName: string,
  graceDays: number,
  n: number,
): Walk {
  return {
    scheme,
    country,
    registryId: country === 'NL' ? nextKvk() : nextKbo(),
    legalName,
    email: `aanvrager${n}-${PREFIX}@walk.example`,
    contactName: `Contact ${PREFIX} ${n}`,
    graceDays,
    slug: '',
    cookie: '',
    caseId: 0,
    evidenceId: 0,
    publicId: '',
    version: 0,
    codes: [],
    firstCriterionId: 0,
    renewalCaseId: 0,
    graceFrom: new Date(0),
    objectionCaseId: 0,
    secrets: [],
    fileName: `bewijs-${PREFIX}-${n}.pdf`,
    marker: `evidence-bytes-${PREFIX}-${n}`,
  };
}

/** A small PDF whose bytes carry a marker that must never leave the case. */
function pdf(marker: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n% ${marker}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  );
}

describe.runIf(process.env['TEST_DATABASE_URL'])(
  'the whole certification path, three schemes (built server, PostgreSQL, SMTP)',
  // Each step walks three schemes and some start the jobs' command line: more than the default
  // 30 s on a busy two-core machine, about 40 s for the whole file on an idle one.
  { timeout: 120_000 },
  () => {
    let url: string;
    let dataDir: string;
    let handle: DatabaseHandle;
    let server: ServerProcess;
    let sink: SmtpSink;
    let base: string;
    let env: Record<string, string>;
    let fx: Omit<AdminFixture, 'reg'>;
    let assessorUi: string;
    let adminUi: string;
    const walks: Walk[] = [
      newWalk('ksf-service-promises', 'NL', `Klantgericht ${PREFIX} B.V.`, 30, 1),
      newWalk('happy-customer', 'BE', `Blije Klant ${PREFIX} BV`, 30, 2),
      newWalk(THIRD.slug, 'NL', `Belofte ${PREFIX} B.V.`, THIRD.renewalGraceDays, 3),
    ];

    beforeAll(async () => {
      url = await createPgDatabase();
      dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-whole-path-'));
      handle = await openDatabase({ databaseUrl: url, dataDir });
      fx = await prepareAdmin(handle.db);
      sink = await startSmtpSink();
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      env = { DATABASE_URL: url, DATA_DIR: dataDir, PUBLIC_URL: base };
      server = await startServerProcess({
        ...env,
        PORT: String(port),
        SMTP_URL: sink.url,
        MAIL_FROM: 'Keurmerk <registry@keurmerk.test>',
        // Everything the server logs, so that the evidence check below means something.
        LOG_LEVEL: 'debug',
      });
      assessorUi = await signInUi(base, fx.staff.assessor.email, fx.staff.assessor.password);
      adminUi = await signInUi(base, fx.staff.admin.email, fx.staff.admin.password);
    }, 300_000);
    afterAll(async () => {
      await server?.stop('SIGKILL');
      await sink?.close();
      await handle?.close();
      if (url) await dropPgDatabase(url);
      if (dataDir) await fs.rm(dataDir, { recursive: true, force: true });
    });

    const staffA = () => fx.tokens.assessor;
    const staffB = () => fx.tokens.admin;
    const api = (method: string, p: string, token: string, body?: unknown) =>
      adminCall(base, method, p, token, body);

    /** The first mail to `to` that `match` accepts, waiting for it (the sender runs in the background). */
    async function mailTo(to: string, match: (mail: ReceivedMail) => boolean): Promise<ReceivedMail> {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const mail = sink.received.find((m) => m.to.includes(to) && match(m));
        if (mail) return mail;
        if (Date.now() > deadline) throw new Error(`no such mail to ${to}`);
        await sink
          .waitFor(sink.received.length + 1, 'received', Math.max(1, deadline - Date.now()))
          .catch(() => undefined);
      }
    }
    const mailText = (mail: ReceivedMail) => mail.parsed.text ?? '';

    /** `npm run jobs -- NAME [--now]` as a child process: the real command line. */
    async function job(name: string, now?: Date): Promise<{ details: Record<string, unknown> }> {
      const args = [name, '--json', ...(now ? ['--now', now.toISOString()] : [])];
      const run = await runNode('api/cli/jobs.ts', args, env);
      expect(run.code, run.stderr).toBe(0);
      const outcome = JSON.parse(run.stdout.trim().split('\n').pop()!) as {
        ran: boolean;
        details: Record<string, unknown>;
      };
      expect(outcome.ran).toBe(true);
      return outcome;
    }

    async function liveStatus(publicId: string) {
      const response = await fetch(`${base}/api/v1/verify/${publicId}`);
      expect(response.status).toBe(200);
      return ((await response.json()) as { certification: Record<string, any> }).certification;
    }

    /** The badge's baked credential: jose verifies it against /.well-known/jwks.json; the verify API agrees. */
    async function badgeCredential(publicId: string) {
      const svg = await (await fetch(`${base}/badges/${publicId}.svg`)).text();
      const [token] = svgCredentials(svg);
      expect(token, `badge of ${publicId} carries a credential`).toBeDefined();
      const jwks = (await (await fetch(`${base}/.well-known/jwks.json`)).json()) as JSONWebKeySet;
      const { payload, protectedHeader } = await jwtVerify(token!, createLocalJWKSet(jwks), {
        algorithms: ['RS256'],
        typ: 'JWT',
        requiredClaims: ['iss', 'sub', 'jti', 'nbf', 'exp'],
      });
      expect(protectedHeader.kid).toMatch(new RegExp(`^${base}/`));
      expect(payload.iss).toMatch(new RegExp(`^${base}`));
      const verdict = (await (
        await fetch(`${base}/api/v1/verify`, {
          method: 'POST',
          headers: { 'content-type': 'image/svg+xml' },
          body: svg,
        })
      ).json()) as { verdict: string; certification: Record<string, any> };
      return { payload: payload as Record<string, any>, verdict };
    }

    it('a third scheme is created and published through the admin API', async () => {
      const created = await api('POST', '/schemes', staffB(), THIRD);
      expect(created.status, JSON.stringify(created.body)).toBe(201);
      expect((await api('POST', `/schemes/${THIRD.slug}/versions/1/publish`, staffB(), {})).status).toBe(200);
      for (const walk of walks)
        expect((await getPage(base, `/schemes/${walk.scheme}/apply`)).status, walk.scheme).toBe(200);
    });

    it('apply → confirmation mail over SMTP → its link → owner of a new organisation with a draft case', async () => {
      for (const walk of walks) {
        const sent = await postForm(base, `/schemes/${walk.scheme}/apply`, {
          country: walk.country,
          registryId: walk.registryId,
          legalName: walk.legalName,
          city: walk.country === 'NL' ? 'Zwolle' : 'Gent',
          website: '',
          contactName: walk.contactName,
          email: walk.email,
        });
        expect(sent.status, walk.scheme).toBe(200);
        await sent.arrayBuffer();
        const mail = await mailTo(walk.email, (m) => /token=kma_/.test(mailText(m)));
        const link = new URL(/https?:\/\/[^\s"<>]+token=kma_[\w-]+/.exec(mailText(mail))![0]);
        expect(link.origin).toBe(base);
        expect(link.pathname).toBe(`/schemes/${walk.scheme}/apply/confirm`);
        expect((await getPage(base, `${link.pathname}${link.search}`)).status).toBe(200);
        const used = await postForm(base, link.pathname, { token: link.searchParams.get('token')! });
        expect(used.status, walk.scheme).toBe(303);
        walk.cookie = cookiesFrom(used);
        walk.slug = used.headers.get('location')!.split('/').pop()!;
        const cases = await getPage(base, `/member/org/${walk.slug}/cases`, walk.cookie);
        expect(cases.status).toBe(200);
        walk.caseId = Number(new RegExp(`/member/org/${walk.slug}/cases/(\\d+)"`).exec(cases.html)?.[1]);
        expect(walk.caseId).toBeGreaterThan(0);
        const detail = await api('GET', `/cases/${walk.caseId}`, staffA());
        expect(detail.body.case).toMatchObject({ kind: 'application', stage: 'draft' });
        expect(detail.body.scheme.slug).toBe(walk.scheme);
        walk.publicId = detail.body.certification.publicId;
        walk.version = detail.body.scheme.version;
        walk.codes = detail.body.criteria.map((c: { code: string }) => c.code);
        walk.firstCriterionId = detail.body.criteria[0].id;
        walk.secrets.push(walk.email, walk.contactName);
      }
      expect(walks.map((w) => w.codes.length)).toEqual([7, 7, 4]);
    });

    it('self-assessment with answers, explanations and a PDF, submitted; still private', async () => {
      for (const walk of walks) {
        const body = new FormData();
        body.set('criterion', String(walk.firstCriterionId));
        body.set('purpose', 'answer');
        body.set(
          'file',
          new Blob([new Uint8Array(pdf(walk.marker))], { type: 'application/pdf' }),
          walk.fileName,
        );
        const uploaded = await fetch(`${base}/member/org/${walk.slug}/cases/${walk.caseId}/evidence`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: walk.cookie, origin: base },
          body,
        });
        expect(uploaded.status).toBe(200);
        expect(await uploaded.text()).toContain(walk.fileName);
        const form: Record<string, string> = { action: 'submit' };
        for (const code of walk.codes) {
          form[`answer-${code}`] = 'met';
          form[`explanation-${code}`] = `Toelichting ${PREFIX} ${walk.scheme} ${code}.`;
          walk.secrets.push(form[`explanation-${code}`]!);
        }
        const submitted = await postForm(
          base,
          `/member/org/${walk.slug}/cases/${walk.caseId}`,
          form,
          walk.cookie,
        );
        expect(submitted.status).toBe(200);
        expect(await submitted.text()).toContain('Ingediend');
        // An application is private: no organisation page, no read API, no verify page.
        expect((await getPage(base, `/organisations/${walk.slug}`)).status).toBe(404);
        expect((await fetch(`${base}/api/v1/certifications/${walk.publicId}`)).status).toBe(404);
        expect((await getPage(base, `/verify/${walk.publicId}`)).status).toBe(404);
        // Staff have the file, byte for byte.
        const files = await api('GET', `/cases/${walk.caseId}/evidence`, staffA());
        expect(files.body.files.map((f: { sha256: string }) => f.sha256)).toEqual([
          createHash('sha256').update(pdf(walk.marker)).digest('hex'),
        ]);
        walk.evidenceId = files.body.files[0].id;
      }
      // The staff page serves it as the API does: an attachment the browser may not sniff.
      const [first, second] = walks as [Walk, Walk];
      const staffCopy = await fetch(`${base}/admin/cases/${first.caseId}/evidence/${first.evidenceId}`, {
        headers: { cookie: assessorUi },
      });
      expect(staffCopy.status).toBe(200);
      expect(staffCopy.headers.get('content-disposition')).toMatch(/^attachment; filename="/);
      expect(staffCopy.headers.get('x-content-type-options')).toBe('nosniff');
      expect(staffCopy.headers.get('content-type')).toBe('application/pdf');
      expect(Buffer.from(await staffCopy.arrayBuffer()).equals(pdf(first.marker))).toBe(true);
      // Another organisation's owner: 404 on the file, under either organisation's path.
      for (const slug of [first.slug, second.slug]) {
        const stranger = await getPage(
          base,
          `/member/org/${slug}/cases/${first.caseId}/evidence/${first.evidenceId}`,
          second.cookie,
        );
        expect(stranger.status, slug).toBe(404);
        expect(stranger.html).not.toContain(first.marker);
      }
    });

    it('staff A starts the review and requests changes with a finding; the member is mailed, fixes and resubmits', async () => {
      for (const walk of walks) {
        expect((await api('POST', `/cases/${walk.caseId}/review`, staffA(), {})).body.case.stage).toBe(
          'in_review',
        );
        const finding = `Bevinding ${PREFIX} ${walk.scheme}: toon het klachtenverslag.`;
        walk.secrets.push(finding);
        const reviewed = await api('PUT', `/cases/${walk.caseId}/reviews`, staffA(), {
          reviews: [
            { criterion: walk.codes[1], verdict: 'finding', severity: 'mandatory', comment: finding },
          ],
        });
        expect(reviewed.status, JSON.stringify(reviewed.body)).toBe(200);
        const returned = await api('POST', `/cases/${walk.caseId}/changes`, staffA(), {
          dueAt: new Date(Date.now() + 21 * DAY).toISOString(),
        });
        expect(returned.body.case.stage).toBe('changes_requested');
        const mail = await mailTo(walk.email, (m) =>
          mailText(m).includes(`/member/org/${walk.slug}/cases/${walk.caseId}`),
        );
        expect(mailText(mail)).not.toContain(finding);
        const page = await getPage(base, `/member/org/${walk.slug}/cases/${walk.caseId}`, walk.cookie);
        expect(page.html).toContain(finding);
        const fix = `Verbeterd ${PREFIX} ${walk.scheme}: verslag bijgevoegd.`;
        walk.secrets.push(fix);
        const fixed = await postForm(
          base,
          `/member/org/${walk.slug}/cases/${walk.caseId}`,
          { [`answer-${walk.codes[1]}`]: 'met', [`explanation-${walk.codes[1]}`]: fix, action: 'submit' },
          walk.cookie,
        );
        expect(fixed.status).toBe(200);
        expect(await fixed.text()).toContain(fix);
        expect((await api('GET', `/cases/${walk.caseId}`, staffA())).body.case.stage).toBe('submitted');
      }
    });

    /** Staff A reviews every criterion as accepted (the case page for the first walk, the API otherwise). */
    async function acceptAll(walk: Walk, caseId: number, viaPage: boolean) {
      if (viaPage) {
        const page = `/admin/cases/${caseId}`;
        expect((await postForm(base, page, { action: 'start_review' }, assessorUi)).status).toBe(200);
        const verdicts: Record<string, string> = { action: 'reviews' };
        for (const code of walk.codes) verdicts[`verdict-${code}`] = 'accepted';
        expect((await postForm(base, page, verdicts, assessorUi)).status).toBe(200);
      } else {
        expect((await api('POST', `/cases/${caseId}/review`, staffA(), {})).status).toBe(200);
        const reviews = walk.codes.map((criterion) => ({ criterion, verdict: 'accepted' }));
        expect((await api('PUT', `/cases/${caseId}/reviews`, staffA(), { reviews })).status).toBe(200);
      }
    }

    /** Four eyes: A, who reviewed, may not grant `reviewed` (API, and the case page for the first walk); B grants. */
    async function grantByB(caseId: number, viaPage: boolean) {
      const refused = await api('POST', `/cases/${caseId}/grant`, staffA(), { assuranceLevel: 'reviewed' });
      expect(refused.status).toBe(403);
      expect(refused.body.type).toBe('https://keurmerk.dev/problems/four_eyes');
      if (viaPage) {
        const page = await postForm(
          base,
          `/admin/cases/${caseId}`,
          { action: 'grant', assuranceLevel: 'reviewed', confirm: 'yes' },
          assessorUi,
        );
        expect(page.status).toBe(403);
        expect(await page.text()).toContain('tweede medewerker');
      }
      const granted = await api('POST', `/cases/${caseId}/grant`, staffB(), { assuranceLevel: 'reviewed' });
      expect(granted.status, JSON.stringify(granted.body)).toBe(200);
      expect(granted.body.case).toMatchObject({
        stage: 'decided',
        outcome: 'granted',
        assurance_level: 'reviewed',
      });
    }

    it('staff A accepts every criterion; A granting is refused (four eyes); staff B grants `reviewed`', async () => {
      for (const [i, walk] of walks.entries()) {
        await acceptAll(walk, walk.caseId, i === 0);
        await grantByB(walk.caseId, i === 0);
        const live = await liveStatus(walk.publicId);
        expect(live).toMatchObject({
          status: 'active',
          assuranceLevel: 'reviewed',
          renewalUnderReview: false,
        });
      }
    });

    it('each badge verifies with jose against the published keys and names the scheme version', async () => {
      for (const walk of walks) {
        const { payload, verdict } = await badgeCredential(walk.publicId);
        expect(verdict.verdict).toBe('valid');
        const achievement = payload['credentialSubject']['achievement'];
        expect(achievement.version).toBe(String(walk.version));
        expect(JSON.stringify(achievement)).toContain(walk.scheme);
      }
    });

    it('the renewals and reminders jobs (command line, --now) open each renewal and mail its link', async () => {
      const ends = await Promise.all(
        walks.map(async (w) => new Date((await liveStatus(w.publicId))['validUntil'] as string)),
      );
      // Every period ends a year from now, within seconds of each other: one run opens all three.
      const now = new Date(Math.min(...ends.map((d) => d.getTime())) - 59 * DAY);
      const opened = await job('renewals', now);
      expect(opened.details['opened']).toEqual(expect.arrayContaining(walks.map((w) => w.publicId)));
      const reminded = await job('reminders', now);
      expect(reminded.details['queued']).toBeGreaterThanOrEqual(walks.length);
      for (const walk of walks) {
        const mail = await mailTo(walk.email, (m) =>
          new RegExp(`/member/org/${walk.slug}/cases/(?!${walk.caseId}\\b)\\d+`).test(mailText(m)),
        );
        walk.renewalCaseId = Number(
          new RegExp(`/member/org/${walk.slug}/cases/(\\d+)`).exec(mailText(mail))![1],
        );
        const renewal = await api('GET', `/cases/${walk.renewalCaseId}`, staffA());
        expect(renewal.body.case).toMatchObject({ kind: 'renewal', stage: 'draft' });
        expect(renewal.body.certification.publicId).toBe(walk.publicId);
      }
      // A second run opens nothing more (once per period).
      expect((await job('renewals', now)).details['opened']).toEqual([]);
    });

    it('renewal submitted and under review past valid_until: badge, verify API and verify page say valid, renewal under review', async () => {
      for (const walk of walks) {
        const page = `/member/org/${walk.slug}/cases/${walk.renewalCaseId}`;
        // Last period's answers are prefilled: submitting the page as it is hands them in.
        expect((await getPage(base, page, walk.cookie)).html).toContain(`Verbeterd ${PREFIX}`);
        const submitted = await postForm(base, page, { action: 'submit' }, walk.cookie);
        expect(submitted.status).toBe(200);
        await submitted.arrayBuffer();
        expect((await api('POST', `/cases/${walk.renewalCaseId}/review`, staffA(), {})).status).toBe(200);
      }
      // The period now ends in a few seconds (the server's clock cannot be moved); the job runs
      // before the end, as the server's own timer would within its hour's lead.
      const end = new Date(Date.now() + 4000);
      await handle.db
        .updateTable('certification')
        .set({ valid_until: end })
        .where(
          'public_id',
          'in',
          walks.map((w) => w.publicId),
        )
        .execute();
      const grace = await job('renewals');
      expect(grace.details['graceStarted']).toEqual(expect.arrayContaining(walks.map((w) => w.publicId)));
      await new Promise((r) => setTimeout(r, Math.max(0, end.getTime() - Date.now() + 200)));
      expect(Date.now()).toBeGreaterThan(end.getTime());
      for (const walk of walks) {
        const graceEnd = new Date(end.getTime() + walk.graceDays * DAY);
        expect(await liveStatus(walk.publicId)).toMatchObject({
          status: 'active',
          renewalUnderReview: true,
          validUntil: graceEnd.toISOString(),
        });
        const { payload, verdict } = await badgeCredential(walk.publicId);
        expect(verdict.verdict).toBe('valid');
        expect(verdict.certification['renewalUnderReview']).toBe(true);
        expect(payload['exp']).toBe(Math.floor(graceEnd.getTime() / 1000));
        for (const [prefix, words] of [
          ['', 'Geldig, verlenging in behandeling'],
          ['/en', 'Valid, renewal under review'],
          ['/fr', 'Valide, renouvellement en cours d’examen'],
        ] as const)
          expect((await getPage(base, `${prefix}/verify/${walk.publicId}`)).html).toContain(words);
        walk.graceFrom = end;
      }
    });

    it('the renewal is granted again, by B after A’s review', async () => {
      for (const [i, walk] of walks.entries()) {
        const reviews = walk.codes.map((criterion) => ({ criterion, verdict: 'accepted' }));
        expect((await api('PUT', `/cases/${walk.renewalCaseId}/reviews`, staffA(), { reviews })).status).toBe(
          200,
        );
        await grantByB(walk.renewalCaseId, i === 0);
        const live = await liveStatus(walk.publicId);
        expect(live).toMatchObject({
          status: 'active',
          renewalUnderReview: false,
          assuranceLevel: 'reviewed',
        });
        expect(new Date(live['validUntil'] as string).getTime()).toBeGreaterThan(Date.now() + 300 * DAY);
        expect((await badgeCredential(walk.publicId)).verdict.verdict).toBe('valid');
      }
    });

    it('A suspends with findings and a deadline; the member objects; A may not decide it, B upholds it', async () => {
      const deadline = new Date(Date.now() + 30 * DAY).toISOString().slice(0, 10);
      for (const [i, walk] of walks.entries()) {
        const finding = `Herstelpunt ${PREFIX} ${walk.scheme}: wachttijden niet gemeten.`;
        walk.secrets.push(finding);
        const suspended = await api('POST', `/certifications/${walk.publicId}/suspend`, staffA(), {
          reason: 'Geschorst na klachten over wachttijden.',
          findings: [{ criterion: walk.codes[2], comment: finding }],
          deadline,
        });
        expect(suspended.status, JSON.stringify(suspended.body)).toBe(200);
        expect((await liveStatus(walk.publicId))['status']).toBe('suspended');
        expect((await getPage(base, `/verify/${walk.publicId}`)).html).toContain('Geschorst — herstel tot');
        // A suspended certification's badge carries no credential.
        expect(svgCredentials(await (await fetch(`${base}/badges/${walk.publicId}.svg`)).text())).toEqual([]);

        const reasons = `Bezwaar ${PREFIX} ${walk.scheme}: de metingen liepen nog.`;
        walk.secrets.push(reasons);
        walk.objectionCaseId = await object(walk, reasons);
        const objection = await api('GET', `/cases/${walk.objectionCaseId}`, staffA());
        expect(objection.body.case).toMatchObject({ kind: 'objection', stage: 'submitted' });

        // The one who suspended may not decide the objection: not through the API, not on the queue page.
        const same = await api('POST', `/cases/${walk.objectionCaseId}/decide`, staffA(), {
          outcome: 'upheld',
          reasons: 'Zelf beslist.',
        });
        expect(same.status).toBe(403);
        expect(same.body.type).toBe('https://keurmerk.dev/problems/objection_same_person');
        if (i === 0) {
          const samePage = await postForm(
            base,
            '/admin/queue',
            { id: String(walk.objectionCaseId), outcome: 'upheld', reasons: 'Zelf beslist.' },
            assessorUi,
          );
          expect(samePage.status).toBe(403);
          expect(await samePage.text()).toContain('andere medewerker beslist over het bezwaar');
        }
        expect((await liveStatus(walk.publicId))['status']).toBe('suspended');

        // Another staff member upholds it: through the queue page for the last walk, the API otherwise.
        const upheldReasons = 'Bezwaar gegrond: de metingen waren nog niet afgerond.';
        if (i === walks.length - 1) {
          const page = await postForm(
            base,
            '/admin/queue',
            { id: String(walk.objectionCaseId), outcome: 'upheld', reasons: upheldReasons },
            adminUi,
          );
          expect(page.status).toBe(303);
        } else {
          const upheld = await api('POST', `/cases/${walk.objectionCaseId}/decide`, staffB(), {
            outcome: 'upheld',
            reasons: upheldReasons,
          });
          expect(upheld.status, JSON.stringify(upheld.body)).toBe(200);
          expect(upheld.body).toMatchObject({ stage: 'decided', outcome: 'upheld' });
        }
        expect((await liveStatus(walk.publicId))['status']).toBe('active');
        expect((await badgeCredential(walk.publicId)).verdict.verdict).toBe('valid');
      }
    });

    /**
     * The member objects through the portal's objection form (CSRF as the other member forms: a
     * same-origin POST with the session); answers with the new objection case's id.
     */
    async function object(walk: Walk, reasons: string): Promise<number> {
      const form = `/member/org/${walk.slug}/certifications/${walk.publicId}/objection`;
      expect((await getPage(base, form, walk.cookie)).status).toBe(200);
      const sent = await postForm(base, form, { reasons }, walk.cookie);
      expect(sent.status).toBe(303);
      const location = sent.headers.get('location')!;
      const caseId = new RegExp(`^/member/org/${walk.slug}/cases/(\\d+)(\\?objected=1)?$`).exec(
        location,
      )?.[1];
      expect(caseId, location).toBeDefined();
      // The member sees the objection as a case of their own, with the reasons they gave.
      expect((await getPage(base, location, walk.cookie)).html).toContain(reasons);
      return Number(caseId);
    }

    it('the public history shows exactly the decisions, and nothing of the application, evidence, findings or objection', async () => {
      const decisions = [
        'granted',
        'renewal_under_review',
        'renewed',
        'suspended',
        'reinstated_after_objection',
      ];
      for (const walk of walks) {
        const org = (await (await fetch(`${base}/api/v1/organisations/${walk.slug}`)).json()) as any;
        const cert = org.certifications.find((c: { publicId: string }) => c.publicId === walk.publicId);
        expect(
          [...cert.history]
            .sort((a: any, b: any) => a.occurredAt.localeCompare(b.occurredAt))
            .map((e: { kind: string }) => e.kind),
        ).toEqual(decisions);
        const changes = (await (
          await fetch(`${base}/api/v1/changes?scheme=${walk.scheme}&limit=200`)
        ).json()) as {
          data: Array<{ kind: string; publicId?: string; occurredAt: string }>;
        };
        expect(
          changes.data
            .filter((c) => JSON.stringify(c).includes(walk.publicId))
            .sort((a, b) => a.occurredAt.localeCompare(b.occurredAt))
            .map((c) => c.kind),
        ).toEqual(decisions);
      }
      const outputs: Array<[string, string]> = [
        ['open data json', await (await fetch(`${base}/open-data/registry.json`)).text()],
        ['open data csv', await (await fetch(`${base}/open-data/registry.csv`)).text()],
        ['read API list', await (await fetch(`${base}/api/v1/certifications?limit=200`)).text()],
        ['changes page', (await getPage(base, '/changes')).html],
        ['changes feed', await (await fetch(`${base}/changes.atom`)).text()],
      ];
      for (const walk of walks) {
        outputs.push(
          ['organisation page', (await getPage(base, `/organisations/${walk.slug}`)).html],
          ['organisation page en', (await getPage(base, `/en/organisations/${walk.slug}`)).html],
          ['organisation API', await (await fetch(`${base}/api/v1/organisations/${walk.slug}`)).text()],
          ['certification API', await (await fetch(`${base}/api/v1/certifications/${walk.publicId}`)).text()],
          ['verify page', (await getPage(base, `/verify/${walk.publicId}`)).html],
          ['verify API', await (await fetch(`${base}/api/v1/verify/${walk.publicId}`)).text()],
          ['transparency page', (await getPage(base, `/transparency?id=${walk.publicId}`)).html],
        );
      }
      // The transparency log's entries (the bytes its entry tiles serve, sequenced or still
      // queued): one per public decision, none for the application.
      const entries = [
        ...(await handle.db.selectFrom('log_entry').select('entry').orderBy('index').execute()),
        ...(await handle.db.selectFrom('log_pending').select('entry').orderBy('id').execute()),
      ].map((r) => Buffer.from(r.entry).toString('utf8'));
      for (const walk of walks)
        expect(entries.filter((e) => e.includes(walk.publicId)).length, walk.scheme).toBe(decisions.length);
      outputs.push(['transparency log entries', entries.join('\n')]);
      // Every walk is in the public outputs, so the absence below is of the private parts only.
      for (const walk of walks) expect(outputs[0]![1]).toContain(walk.publicId);
      const secrets = walks.flatMap((w) => [...w.secrets, w.fileName, w.marker]);
      for (const [name, text] of outputs)
        for (const secret of secrets) expect(text.includes(secret), `${name} shows "${secret}"`).toBe(false);
      // Nor does the server's log carry the evidence (LOG_LEVEL=debug).
      const log = server.output();
      for (const walk of walks) {
        expect(log).not.toContain(walk.fileName);
        expect(log).not.toContain(walk.marker);
      }
    });

    it('the event chain of every certification still verifies', async () => {
      const chain = await api('GET', '/events/chain', staffB());
      expect(chain.status).toBe(200);
      expect(chain.body).toMatchObject({ ok: true });
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from certification_event
      where certification_id in (select id from certification where public_id = any(${walks.map((w) => w.publicId)}::text[]))`.execute(
        handle.db,
      );
      // created + the five public decisions, for each walk.
      expect(Number(rows[0]!.n)).toBe(walks.length * 6);
    });
  },
);
