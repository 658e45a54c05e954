import { describe, expect, it } from 'vitest';
import {
  attachmentDisposition,
  evidenceFileName,
  sniffEvidence,
} from '../../../../db/workflow/evidence-type.ts';

const bytes = (...parts: Array<string | number[]>) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'latin1') : Buffer.from(p))));

const PDF = bytes('%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n');
const PNG = bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], [0, 0, 0, 13]);
const JPEG = bytes([0xff, 0xd8, 0xff, 0xe0], 'JFIF');

describe('sniffEvidence decides the type by magic bytes', () => {
  it('accepts PDF, PNG and JPEG by their first bytes', () => {
    expect(sniffEvidence(PDF)).toEqual({ ok: true, mediaType: 'application/pdf', extension: 'pdf' });
    expect(sniffEvidence(PNG)).toEqual({ ok: true, mediaType: 'image/png', extension: 'png' });
    expect(sniffEvidence(JPEG)).toEqual({ ok: true, mediaType: 'image/jpeg', extension: 'jpg' });
  });
  it('refuses a GIF, plain text, an empty file and a ZIP', () => {
    expect(sniffEvidence(bytes('GIF89a', [1, 0, 1, 0]))).toEqual({ ok: false, reason: 'type' });
    expect(sniffEvidence(bytes('just some words'))).toEqual({ ok: false, reason: 'type' });
    expect(sniffEvidence(new Uint8Array(0))).toEqual({ ok: false, reason: 'type' });
    expect(sniffEvidence(bytes('PK', [3, 4]))).toEqual({ ok: false, reason: 'type' });
  });
  it('refuses an HTML page whatever it is called, and PDF/HTML polyglots', () => {
    expect(sniffEvidence(bytes('<!DOCTYPE html><p>hi</p>'))).toEqual({ ok: false, reason: 'polyglot' });
    expect(sniffEvidence(bytes('%PDF-1.4\n<html><script>alert(1)</script>'))).toEqual({
      ok: false,
      reason: 'polyglot',
    });
    expect(sniffEvidence(bytes('%PDF-1.4\n% <SCRIPT src=x>'))).toEqual({ ok: false, reason: 'polyglot' });
    // A PDF header after other bytes: readers still open it.
    expect(sniffEvidence(bytes('hello there\n%PDF-1.4\n'))).toEqual({ ok: false, reason: 'polyglot' });
  });
  it('looks no further than 8 KiB for markup (a PDF stream may hold anything later)', () => {
    const late = bytes('%PDF-1.7\n', 'x'.repeat(9000), '<html>');
    expect(sniffEvidence(late).ok).toBe(true);
  });
});

describe('evidenceFileName', () => {
  it('keeps a good name, strips paths, control, bidi and quote characters', () => {
    expect(evidenceFileName('Verslag 2026.pdf', 'application/pdf')).toBe('Verslag 2026.pdf');
    expect(evidenceFileName('C:\\Users\\x\\..\\rapport.PDF', 'application/pdf')).toBe('rapport.PDF');
    expect(evidenceFileName('a\u202eb"c\r\n.png', 'image/png')).toBe('abc.png');
  });
  it('adds the extension of the sniffed type when the name lies about it', () => {
    expect(evidenceFileName('report.html', 'application/pdf')).toBe('report.html.pdf');
    expect(evidenceFileName('', 'image/jpeg')).toBe('evidence.jpg');
    expect(evidenceFileName('foto.jpeg', 'image/jpeg')).toBe('foto.jpeg');
    expect(evidenceFileName('.hidden', 'image/png')).toBe('hidden.png');
  });
  it('is at most 200 characters and keeps its extension', () => {
    const name = evidenceFileName(`${'é'.repeat(300)}.pdf`, 'application/pdf');
    expect(name.length).toBe(200);
    expect(name.endsWith('.pdf')).toBe(true);
  });
});

describe('attachmentDisposition', () => {
  it('is always an attachment with an ASCII fallback and an RFC 8187 UTF-8 name', () => {
    expect(attachmentDisposition('Übersicht "x".pdf')).toBe(
      `attachment; filename="_bersicht _x_.pdf"; filename*=UTF-8''%C3%9Cbersicht%20%22x%22.pdf`,
    );
    expect(attachmentDisposition("it's (1).png")).toBe(
      `attachment; filename="it's (1).png"; filename*=UTF-8''it%27s%20%281%29.png`,
    );
  });
});
