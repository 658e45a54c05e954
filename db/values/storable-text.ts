/**
 * True when PostgreSQL cannot store `text` as it is: a text value cannot hold U+0000, and an
 * unpaired UTF-16 surrogate has no UTF-8 form (the driver would write U+FFFD, so what was
 * validated or hashed would not be what is stored). Input with either is refused, never a 500.
 */
export function unstorableText(text: string): boolean {
  return text.includes('\u0000') || !text.isWellFormed();
}

/**
 * The nearest text that reads back as it was written: U+0000 dropped, unpaired surrogates replaced
 * by U+FFFD, and a leading U+FEFF dropped (PGlite decodes a text value as a document and strips
 * it as a byte-order mark). For values that are hashed, such as the audit log's.
 */
export function storableText(text: string): string {
  return text
    .replaceAll('\u0000', '')
    .toWellFormed()
    .replace(/^\uFEFF+/, '');
}
