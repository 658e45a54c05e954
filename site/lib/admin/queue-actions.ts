import type { AstroGlobal } from 'astro';
import { decideCaseOp } from '../../../api/handlers/admin-cases.ts';
import { act, type Outcome } from './context.ts';
import { readForm } from './forms.ts';

/** The decide form of a remediation or objection on /admin/queue; success returns to the queue. */
export async function decideCaseAction(astro: AstroGlobal): Promise<{ redirect: string } | Outcome<unknown>> {
  const form = await readForm(astro.request);
  const outcome = await act(astro, decideCaseOp, {
    id: form['id'],
    outcome: form['outcome'],
    reasons: form['reasons'],
  });
  return outcome.ok ? { redirect: `/admin/queue${astro.url.search}` } : outcome;
}

/** Whole days between two moments, for "waiting since". */
export function daysBetween(from: string, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - new Date(from).getTime()) / 86_400_000));
}
