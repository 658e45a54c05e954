import type { AstroGlobal } from 'astro';
import type { Operation } from '../../../api/admin/perform.ts';
import { localisedPath, type Lang } from '../../i18n/ui.ts';
import { readForm } from '../admin/forms.ts';
import { memberAct, type MemberOutcome } from './context.ts';

/** The most a member may write as reasons; the form says so and the database holds to it. */
export const OBJECTION_REASONS_MAX = 8000;

export type ObjectionFormResult = { redirect: string } | { outcome: MemberOutcome<never>; reasons: string };

/**
 * The objection form: `reasons` opens the objection case and sends the member to it (303), where
 * files are added on its evidence page. The subject (a certification or a refused application's
 * case) comes from the path, never the form. A refusal keeps what was typed.
 */
export async function objectionFormAction(
  astro: AstroGlobal,
  lang: Lang,
  organisation: string,
  op: Operation<{ caseId: number }>,
  subject: { publicId: string } | { id: string },
): Promise<ObjectionFormResult> {
  const form = await readForm(astro.request);
  const reasons = form['reasons'] ?? '';
  const outcome = await memberAct(astro, lang, op, { ...subject, organisation, reasons });
  if (!outcome.ok) return { outcome, reasons };
  return {
    redirect: localisedPath(`/member/org/${organisation}/cases/${outcome.value.caseId}?objected=1`, lang),
  };
}
