import type { AstroGlobal } from 'astro';
import { updateReportOp } from '../../../api/handlers/admin-registry-log.ts';
import { act, type Outcome } from './context.ts';
import { readForm } from './forms.ts';

/** The state form of a report (handled, dismissed …); success returns to the same filtered list. */
export async function reportAction(astro: AstroGlobal): Promise<{ redirect: string } | Outcome<unknown>> {
  const form = await readForm(astro.request);
  const outcome = await act(astro, updateReportOp, { id: form['id'], state: form['state'] });
  return outcome.ok ? { redirect: `/admin/reports${astro.url.search}` } : outcome;
}
