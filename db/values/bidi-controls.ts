/**
 * Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069). In a name they
 * reorder the text around it on our pages ("moc.elppa" shown as "apple.com"), so names refuse
 * them at input; migration 2026-12-03T0900 stripped those already stored. Marks (LRM/RLM) stay:
 * they are invisible and needed to write some mixed-direction names correctly.
 */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/;

/** True when `text` holds a bidi embedding, override or isolate. */
export function hasBidiControl(text: string): boolean {
  return BIDI_CONTROL.test(text);
}
