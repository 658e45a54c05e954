import type { AstroGlobal } from 'astro';
import {
  createSchemeOp,
  publishDraftOp,
  saveDraftOp,
  startDraftOp,
} from '../../../api/handlers/admin-schemes.ts';
import { act, adminLang, refused, type Outcome } from './context.ts';
import { readForm } from './forms.ts';
import { confirmed, unconfirmed } from './confirm.ts';

/** The definition textarea as JSON; a form that is not JSON is a 400 naming the field. */
function definitionOf(astro: AstroGlobal, text: string | undefined): unknown | Outcome<never> {
  try {
    return JSON.parse(text ?? '');
  } catch {
    astro.response.status = 400;
    return refused('validation_failed', adminLang(astro), 'definition');
  }
}

const isOutcome = (value: unknown): value is Outcome<never> =>
  typeof value === 'object' && value !== null && 'ok' in value && (value as { ok: unknown }).ok === false;

/** New scheme: a slug and a definition; it becomes version 1, a draft. */
export async function createSchemeAction(
  astro: AstroGlobal,
): Promise<{ redirect: string } | Outcome<unknown>> {
  const form = await readForm(astro.request);
  const definition = definitionOf(astro, form['definition']);
  if (isOutcome(definition)) return definition;
  const body = typeof definition === 'object' && definition !== null ? definition : {};
  const result = await act(astro, createSchemeOp, { ...body, slug: form['slug'] ?? '' });
  return result.ok ? { redirect: `/admin/schemes/${result.value.slug}?done=1` } : result;
}

/**
 * The forms of one scheme's page: start a draft, save it, publish it. A published version posted
 * to `save` is refused by the operation with 409, and the page answers 409 too.
 */
export async function schemeAction(
  astro: AstroGlobal,
  slug: string,
): Promise<{ redirect: string } | Outcome<unknown>> {
  const form = await readForm(astro.request);
  const done = { redirect: `/admin/schemes/${slug}?done=1` };
  let result: Outcome<unknown>;
  if (form['action'] === 'draft') result = await act(astro, startDraftOp, { slug });
  else if (form['action'] === 'save') {
    const definition = definitionOf(astro, form['definition']);
    if (isOutcome(definition)) return definition;
    result = await act(astro, saveDraftOp, {
      slug,
      version: form['version'] ?? '',
      definition,
      changeNote: { nl: form['note_nl'] ?? '', en: form['note_en'] ?? '', fr: form['note_fr'] ?? '' },
    });
  } else if (form['action'] === 'publish') {
    if (!confirmed(form)) return unconfirmed(astro);
    result = await act(astro, publishDraftOp, {
      slug,
      version: form['version'] ?? '',
      transitionDate: form['transitionDate'] ?? '',
    });
  } else {
    astro.response.status = 400;
    return refused('unknown_action', adminLang(astro));
  }
  return result.ok ? done : result;
}
