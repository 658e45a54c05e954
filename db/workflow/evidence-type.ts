import type { EvidenceMediaType } from '../vocabulary.ts';

/**
 * What an evidence file is, decided by its first bytes alone: never by its name or by the
 * Content-Type the browser sent, both of which the uploader chooses.
 */

/** The most one file may hold. */
export const EVIDENCE_FILE_LIMIT = 10 * 1024 * 1024;
/** The most the files of one case may hold together. */
export const EVIDENCE_CASE_LIMIT = 50 * 1024 * 1024;

// Browsers sniff HTML from a response's first 512 bytes, and PDF readers accept a header anywhere
// in the first kilobyte; 8 KiB covers both with room to spare.
const SCAN_BYTES = 8 * 1024;

const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const PDF = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

// Markup that makes a file render as a page or run script in some browser or viewer.
const ACTIVE_MARKUP = ['<html', '<script', '<!doctype', '<body', '<iframe', '<svg', '<?xml', '<head'];

export type EvidenceSniff =
  | { ok: true; mediaType: EvidenceMediaType; extension: 'pdf' | 'png' | 'jpg' }
  | { ok: false; reason: 'type' | 'polyglot' };

function startsWith(bytes: Uint8Array, magic: readonly number[], at = 0): boolean {
  if (bytes.length < at + magic.length) return false;
  return magic.every((b, i) => bytes[at + i] === b);
}

function indexOf(bytes: Uint8Array, magic: readonly number[], from: number, to: number): number {
  for (let i = from; i + magic.length <= to; i++) if (startsWith(bytes, magic, i)) return i;
  return -1;
}

/** Latin-1 view of the head, lower-cased: markup is ASCII, and every byte maps to one char. */
function headText(bytes: Uint8Array): string {
  const head = bytes.subarray(0, Math.min(bytes.length, SCAN_BYTES));
  let text = '';
  for (const b of head) text += String.fromCharCode(b);
  return text.toLowerCase();
}

/**
 * Decides an evidence file's type from its magic bytes: PDF (`%PDF-` at byte 0), PNG or JPEG.
 * Anything else is refused as `type`; a file that is also a web page (HTML or script markers in
 * its first 8 KiB, or a PDF header anywhere but byte 0) is refused as `polyglot`.
 */
export function sniffEvidence(bytes: Uint8Array): EvidenceSniff {
  const head = headText(bytes);
  if (ACTIVE_MARKUP.some((marker) => head.includes(marker))) return { ok: false, reason: 'polyglot' };
  if (startsWith(bytes, PDF)) return { ok: true, mediaType: 'application/pdf', extension: 'pdf' };
  // A PDF that starts later still opens in most readers, behind whatever came first.
  if (indexOf(bytes, PDF, 1, Math.min(bytes.length, SCAN_BYTES)) >= 0)
    return { ok: false, reason: 'polyglot' };
  if (startsWith(bytes, PNG)) return { ok: true, mediaType: 'image/png', extension: 'png' };
  if (startsWith(bytes, JPEG)) return { ok: true, mediaType: 'image/jpeg', extension: 'jpg' };
  return { ok: false, reason: 'type' };
}

const EXTENSIONS: Readonly<Record<EvidenceMediaType, readonly string[]>> = {
  'application/pdf': ['pdf'],
  'image/png': ['png'],
  'image/jpeg': ['jpg', 'jpeg'],
};

/**
 * A stored file name: the last path segment, without control, bidi or quoting characters,
 * at most 200 characters, ending in the extension of the sniffed type (so "report.html" that is
 * really a PDF is kept as "report.html.pdf", and a download never opens as something else).
 */
export function evidenceFileName(name: unknown, mediaType: EvidenceMediaType): string {
  const raw = typeof name === 'string' ? name : '';
  const base = raw.split(/[\\/]/).pop() ?? '';
  let clean = base
    .normalize('NFC')
    .replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069"*:<>?|]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^\.+/, '');
  const extension = EXTENSIONS[mediaType];
  const dot = clean.lastIndexOf('.');
  const current = dot > 0 ? clean.slice(dot + 1).toLowerCase() : '';
  if (!extension.includes(current)) clean = `${clean || 'evidence'}.${extension[0]}`;
  if (clean.length > 200) {
    const suffix = clean.slice(clean.lastIndexOf('.'));
    clean = `${Array.from(clean.slice(0, clean.lastIndexOf('.')))
      .slice(0, 200 - suffix.length)
      .join('')}${suffix}`;
  }
  return clean;
}

/**
 * `Content-Disposition: attachment` with an ASCII `filename` fallback and the UTF-8 name as
 * RFC 6266 / RFC 8187 `filename*`: always an attachment, so a browser never renders the file.
 */
export function attachmentDisposition(fileName: string): string {
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
