import type { AstroGlobal } from 'astro';
import {
  grantCaseOp,
  recordReviewsOp,
  refuseCaseOp,
  requestChangesOp,
  startReviewOp,
  type CaseAnswer,
} from '../../../api/workflow/staff-case-ops.ts';
import { FINDING_SEVERITIES } from '../../../db/vocabulary.ts';
import { act, refused, adminLang, type Outcome } from './context.ts';
import { readForm } from './forms.ts';
import { confirmed, unconfirmed } from './confirm.ts';

export interface CaseActionResult {
  outcome: Outcome<CaseAnswer>;
  /** What was typed, to refill the form after a refusal. */
  form: Record<string, string>;
}

/**
 * The verdicts on the page, by criterion code: `verdict-{code}` is `accepted`, `mandatory` or
 * `recommended` (a finding of that severity), with `comment-{code}`. Criteria left blank are skipped.
 */
export function reviewsFromForm(
  form: Record<string, string>,
  codes: readonly string[],
): Array<{ criterion: string; verdict: string; severity: string | null; comment: string | null }> {
  return codes.flatMap(
    (
      criterion,
    ): Array<{ criterion: string; verdict: string; severity: string | null; comment: string | null }> => {
      const verdict = form[`verdict-${criterion}`] ?? '';
      const comment = (form[`comment-${criterion}`] ?? '').trim() || null;
      if (verdict === 'accepted') return [{ criterion, verdict, severity: null, comment }];
      if ((FINDING_SEVERITIES as readonly string[]).includes(verdict))
        return [{ criterion, verdict: 'finding', severity: verdict, comment }];
      return [];
    },
  );
}

/** One of the case page's forms, chosen by `action`; decisions need the confirmation box. */
export async function caseAction(
  astro: AstroGlobal,
  id: string,
  codes: readonly string[],
): Promise<CaseActionResult> {
  const form = await readForm(astro.request);
  const action = form['action'] ?? '';
  const run = (op: typeof startReviewOp, input: Record<string, unknown>) => act(astro, op, { id, ...input });
  switch (action) {
    case 'start_review':
      return { form, outcome: await run(startReviewOp, {}) };
    case 'reviews':
      return { form, outcome: await run(recordReviewsOp, { reviews: reviewsFromForm(form, codes) }) };
    case 'request_changes':
      return { form, outcome: await run(requestChangesOp, { dueAt: form['dueAt'] ?? '' }) };
    case 'grant':
      if (!confirmed(form)) return { form, outcome: unconfirmed(astro) };
      return { form, outcome: await run(grantCaseOp, { assuranceLevel: form['assuranceLevel'] ?? '' }) };
    case 'refuse':
      if (!confirmed(form)) return { form, outcome: unconfirmed(astro) };
      return { form, outcome: await run(refuseCaseOp, { reasons: form['reasons'] ?? '' }) };
    default:
      astro.response.status = 400;
      return { form, outcome: refused('unknown_action', adminLang(astro), 'action') };
  }
}
