import type { AstroGlobal } from 'astro';
import { saveRemediationOp, submitRemediationOp } from '../../../api/workflow/member-remediation-ops.ts';
import type { MemberCase } from '../../../api/workflow/member-case-ops.ts';
import type { Lang } from '../../i18n/ui.ts';
import { readForm } from '../admin/forms.ts';
import { memberAct, type MemberOutcome } from './context.ts';

export interface RemediationFormResult {
  action: 'save' | 'submit';
  outcome: MemberOutcome<MemberCase>;
  /** What was typed, to refill the form after a refusal. */
  form: Record<string, string>;
}

/** The corrective explanations typed on the page, by the codes of the case's findings. */
export function correctiveFromForm(form: Record<string, string>, codes: readonly string[]) {
  return codes
    .filter((criterion) => `corrective-${criterion}` in form)
    .map((criterion) => ({ criterion, explanation: form[`corrective-${criterion}`] ?? '' }));
}

/**
 * The remediation form: `save` keeps the explanations as a draft, `submit` hands them in. The
 * organisation and case come from the path, never the form.
 */
export async function remediationFormAction(
  astro: AstroGlobal,
  lang: Lang,
  organisation: string,
  id: string,
  findingCodes: readonly string[],
): Promise<RemediationFormResult> {
  const form = await readForm(astro.request);
  const action = form['action'] === 'submit' ? 'submit' : 'save';
  const op = action === 'submit' ? submitRemediationOp : saveRemediationOp;
  const answers = correctiveFromForm(form, findingCodes);
  return { action, outcome: await memberAct(astro, lang, op, { organisation, id, answers }), form };
}
