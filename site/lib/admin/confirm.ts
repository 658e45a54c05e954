import type { AstroGlobal } from 'astro';
import { adminLang, refused, type Outcome } from './context.ts';

/** True when the posted form ticked its "I am sure" box (`confirm=yes`). */
export function confirmed(form: Record<string, string>): boolean {
  return form['confirm'] === 'yes';
}

/**
 * The refusal of a form whose confirmation box was left unticked: a 400 naming the `confirm`
 * field, in the page's language. Nothing was run, so there is nothing to undo.
 */
export function unconfirmed(astro: AstroGlobal): Outcome<never> {
  astro.response.status = 400;
  return refused('confirm', adminLang(astro), 'confirm');
}
