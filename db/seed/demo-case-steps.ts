import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import { applyTransition, createCertification } from '../certification/transitions.ts';
import { openCase, type CaseActor } from '../workflow/cases.ts';
import { recordReviews, requestChanges, saveAnswers, startReview, submitCase } from '../workflow/moves.ts';
import { grantCase, refuseCase } from '../workflow/decide.ts';
import { RENEWAL_OPENER } from '../workflow/renewal-open.ts';
import { startGracePeriods } from '../workflow/renewal-grace.ts';
import { suspendWithRemediation } from '../workflow/remediation-open.ts';
import { submitRemediation } from '../workflow/remediation-answer.ts';
import { openObjection } from '../workflow/objection-open.ts';
import type { DemoCaseOrganisation, DemoCaseStage } from './demo-case-plan.ts';

// One function per demo stage, each walking an organisation there through the workflow's steps,
// dated back from the reference date.

const MEMBER: CaseActor = { name: 'demo-lid', staffId: null };
// No staff account: the demo admin is made only on a database without staff. Without a staff id
// the four-eyes rule allows a self-declared grant only, which is what the demo cases get.
const STAFF: CaseActor = { name: 'demo-beoordelaar', staffId: null };
const RENEWALS: CaseActor = { name: RENEWAL_OPENER, staffId: null };

/** What a stage's steps work on. */
export interface DemoCaseContext {
  db: Kysely<Database>;
  org: DemoCaseOrganisation;
  orgId: number;
  schemeId: number;
  codes: string[];
  publicId: string;
  /** `days` before (negative: after) the reference date, in whole seconds. */
  at: (days: number) => Date;
}

/** Applies and opens the application case; answers every criterion when `answered`. */
async function apply(c: DemoCaseContext, appliedDaysAgo: number, answeredDaysAgo?: number): Promise<number> {
  const cert = await createCertification(c.db, {
    organisationId: c.orgId,
    schemeId: c.schemeId,
    assuranceLevel: 'self_declared',
    publicId: c.publicId,
    actor: MEMBER.name,
    reason: 'Aanvraag via het ledenportaal.',
    now: c.at(appliedDaysAgo),
  });
  const kase = await openCase(c.db, {
    certificationId: cert.id,
    kind: 'application',
    actor: MEMBER,
    now: c.at(appliedDaysAgo),
  });
  if (answeredDaysAgo !== undefined) await answer(c, kase.id, c.codes, answeredDaysAgo);
  return kase.id;
}

async function answer(c: DemoCaseContext, caseId: number, codes: string[], daysAgo: number): Promise<void> {
  await saveAnswers(
    c.db,
    caseId,
    codes.map((code) => ({
      criterion: code,
      answer: 'met' as const,
      explanation: `Onze werkwijze voor ${code} staat in het klantcontactbeleid; zie de bijlage.`,
    })),
    MEMBER,
    c.at(daysAgo),
  );
}

/** Submitted at `submitted`, taken up by staff at `reviewed`, every criterion accepted unless listed. */
async function reviewed(
  c: DemoCaseContext,
  caseId: number,
  submitted: number,
  reviewed: number,
): Promise<void> {
  await submitCase(c.db, caseId, MEMBER, c.at(submitted));
  await startReview(c.db, caseId, STAFF, c.at(reviewed));
}

async function acceptAll(c: DemoCaseContext, caseId: number, daysAgo: number): Promise<void> {
  await recordReviews(
    c.db,
    caseId,
    c.codes.map((code) => ({ criterion: code, verdict: 'accepted' as const, severity: null, comment: null })),
    STAFF,
    c.at(daysAgo),
  );
}

/** An application granted (self-declared) `daysAgo`: the active certification later stages start from. */
async function granted(c: DemoCaseContext, daysAgo: number): Promise<void> {
  const caseId = await apply(c, daysAgo + 20, daysAgo + 12);
  await reviewed(c, caseId, daysAgo + 10, daysAgo + 5);
  await acceptAll(c, caseId, daysAgo + 4);
  await grantCase(c.db, caseId, {
    actor: STAFF,
    level: 'self_declared',
    reason: 'Toegekend op eigen verklaring van de organisatie.',
    now: c.at(daysAgo),
    hooks: [],
  });
}

export const DEMO_CASE_STEPS: Record<DemoCaseStage, (c: DemoCaseContext) => Promise<void>> = {
  async draft(c) {
    const caseId = await apply(c, 3);
    await answer(c, caseId, c.codes.slice(0, 3), 2);
  },
  async submitted(c) {
    const caseId = await apply(c, 12, 5);
    await submitCase(c.db, caseId, MEMBER, c.at(4));
  },
  async in_review(c) {
    const caseId = await apply(c, 20, 15);
    await reviewed(c, caseId, 14, 9);
  },
  async changes_requested(c) {
    const caseId = await apply(c, 30, 25);
    await reviewed(c, caseId, 24, 20);
    await acceptAll(c, caseId, 19);
    await recordReviews(
      c.db,
      caseId,
      [
        {
          criterion: c.codes[2]!,
          verdict: 'finding',
          severity: 'mandatory',
          comment: 'Beschrijf hoe klantgegevens worden bewaard en wie er toegang toe heeft.',
        },
        {
          criterion: c.codes[5]!,
          verdict: 'finding',
          severity: 'recommended',
          comment: 'Vermeld ook de chatbot op de website.',
        },
      ],
      STAFF,
      c.at(19),
    );
    await requestChanges(c.db, caseId, { dueAt: c.at(-14), actor: STAFF, now: c.at(18) });
  },
  async refused(c) {
    const caseId = await apply(c, 60, 50);
    await reviewed(c, caseId, 49, 45);
    await refuseCase(c.db, caseId, {
      actor: STAFF,
      reasons: 'De onderbouwing van de beloften ontbreekt grotendeels; u kunt later opnieuw aanvragen.',
      now: c.at(40),
      hooks: [],
    });
  },
  async granted(c) {
    await granted(c, 70);
  },
  async renewal_open(c) {
    // Granted for twelve months about 325 days ago: its period ends in about 40 days.
    await granted(c, 325);
    const cert = await certificationId(c);
    const kase = await openCase(c.db, {
      certificationId: cert,
      kind: 'renewal',
      actor: RENEWALS,
      now: c.at(20),
    });
    await answer(c, kase.id, c.codes.slice(0, 4), 6);
  },
  async renewal_grace(c) {
    // Its period ended three days ago with the renewal submitted in time and still in review.
    await granted(c, 368);
    const cert = await certificationId(c);
    const kase = await openCase(c.db, {
      certificationId: cert,
      kind: 'renewal',
      actor: RENEWALS,
      now: c.at(33),
    });
    await answer(c, kase.id, c.codes, 28);
    await reviewed(c, kase.id, 25, 10);
    const row = await c.db
      .selectFrom('certification')
      .select('valid_until')
      .where('id', '=', cert)
      .executeTakeFirstOrThrow();
    // The grace job as it would have run at the end of the period.
    await startGracePeriods(c.db, new Date(row.valid_until!.getTime() - 1800_000));
  },
  async remediation_overdue(c) {
    await granted(c, 200);
    await suspendWithRemediation(c.db, c.publicId, {
      actor: STAFF,
      reason: 'Geschorst: klachten over de bereikbaarheid van de klantenservice worden onderzocht.',
      findings: [
        { criterion: c.codes[0]!, comment: 'Wachttijden aan de telefoon lagen drie maanden boven de norm.' },
        { criterion: c.codes[1]!, comment: 'Klachten kregen geen inhoudelijk antwoord.' },
      ],
      deadline: c.at(5),
      now: c.at(40),
    });
  },
  async remediation_answered(c) {
    await granted(c, 150);
    const { caseId } = await suspendWithRemediation(c.db, c.publicId, {
      actor: STAFF,
      reason: 'Geschorst: bezorgklachten worden niet binnen de beloofde termijn beantwoord.',
      findings: [{ criterion: c.codes[1]!, comment: 'Beantwoord klachten binnen vijf werkdagen.' }],
      deadline: c.at(-25),
      now: c.at(20),
    });
    await submitRemediation(c.db, caseId, {
      actor: MEMBER,
      organisationId: c.orgId,
      answers: [
        {
          criterion: c.codes[1]!,
          explanation: 'Een tweede team beantwoordt klachten nu binnen drie werkdagen.',
        },
      ],
      now: c.at(3),
    });
  },
  async objection(c) {
    await granted(c, 120);
    await applyTransition(c.db, c.publicId, 'revoke', {
      actor: STAFF.name,
      reason: 'Ingetrokken: het logo werd gebruikt op een website die niet van de organisatie is.',
      now: c.at(6),
      hooks: [],
    });
    await openObjection(c.db, c.publicId, {
      actor: MEMBER,
      organisationId: c.orgId,
      reasons: 'De website is van onze vestiging in Zeist; wij voegen het bewijs van eigendom bij.',
      now: c.at(2),
    });
  },
};

async function certificationId(c: DemoCaseContext): Promise<number> {
  const row = await c.db
    .selectFrom('certification')
    .select('id')
    .where('public_id', '=', c.publicId)
    .executeTakeFirstOrThrow();
  return row.id;
}
