import type { AstroGlobal } from 'astro';
import {
  openMemberCaseOp,
  saveAnswersOp,
  submitCaseOp,
  type MemberCase,
} from '../../../api/workflow/member-case-ops.ts';
import { ASSESSMENT_RESULTS } from '../../../db/vocabulary.ts';
import { localisedPath, type Lang } from '../../i18n/ui.ts';
import { readForm } from '../admin/forms.ts';
import { memberAct, type MemberOutcome } from './context.ts';

export interface CaseFormResult {
  action: 'save' | 'submit';
  outcome: MemberOutcome<MemberCase>;
  /** What was typed, to refill the form after a refusal (nothing is lost). */
  form: Record<string, string>;
}

/** The answers typed on the page, by criterion code: `answer-{code}` and `explanation-{code}`. */
export function answersFromForm(form: Record<string, string>, codes: readonly string[]) {
  return codes.flatMap((criterion) => {
    const answer = form[`answer-${criterion}`] ?? '';
    if (!(ASSESSMENT_RESULTS as readonly string[]).includes(answer)) return [];
    const explanation = (form[`explanation-${criterion}`] ?? '').trim();
    return [{ criterion, answer, explanation: explanation || null }];
  });
}

/**
 * The self-assessment form: `save` keeps the answers as a draft, `submit` saves them and hands
 * the case in. The organisation and case come from the path, never the form.
 */
export async function caseFormAction(
  astro: AstroGlobal,
  lang: Lang,
  organisation: string,
  id: string,
  codes: readonly string[],
): Promise<CaseFormResult> {
  const form = await readForm(astro.request);
  const action = form['action'] === 'submit' ? 'submit' : 'save';
  const answers = answersFromForm(form, codes);
  // Submitting saves what is on the page first; an empty page submits what was saved before.
  let outcome =
    action === 'save' || answers.length > 0
      ? await memberAct(astro, lang, saveAnswersOp, { organisation, id, answers })
      : null;
  if (action === 'submit' && (!outcome || outcome.ok))
    outcome = await memberAct(astro, lang, submitCaseOp, { organisation, id });
  return { action, outcome: outcome!, form };
}

/** Opens the case of a certification and sends the member to it; a refusal is shown on the list. */
export async function openCaseAction(
  astro: AstroGlobal,
  lang: Lang,
  organisation: string,
): Promise<{ redirect: string } | MemberOutcome<MemberCase>> {
  const form = await readForm(astro.request);
  const outcome = await memberAct(astro, lang, openMemberCaseOp, {
    organisation,
    publicId: form['publicId'] ?? '',
  });
  if (!outcome.ok) return outcome;
  return {
    redirect: localisedPath(`/member/org/${organisation}/cases/${outcome.value.case.id}?opened=1`, lang),
  };
}
