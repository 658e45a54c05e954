import { crc32, inflateSync } from 'node:zlib';
import type sharpModule from 'sharp';
import { KeurmerkError } from '../../db/errors.ts';

/** The 8 bytes every PNG starts with. */
export const PNG_SIGNATURE: Buffer = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** Open Badges 3.0: the keyword of the `iTXt` chunk that carries the credential. */
export const CREDENTIAL_KEYWORD = 'openbadgecredential';

/** The PNG specification caps chunk lengths at 2^31 - 1. */
const MAX_CHUNK_LENGTH = 0x7fffffff;
/** Default budget of text read from one PNG, after inflation (zip-bomb guard); a JWT is a few kB. */
const MAX_TEXT_BYTES = 1 << 20;
const COMPACT_JWS = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export type PngErrorCode =
  | 'png_signature'
  | 'png_truncated'
  | 'png_chunk_length'
  | 'png_crc'
  | 'png_structure'
  | 'png_text_chunk'
  | 'png_already_baked'
  | 'badge_jwt_format';

/** A PNG (or its baking input) is malformed. Status 400: it usually comes from an upload. */
export class PngFormatError extends KeurmerkError {
  constructor(code: PngErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(code, message, details);
    this.name = 'PngFormatError';
  }
}

interface Chunk {
  type: string;
  /** Offset of the length field. */
  offset: number;
  data: Buffer;
}

/**
 * Walks the chunks of a PNG up to and including IEND, checking the signature, every length
 * against the bytes present and every CRC. Bytes after IEND are not read.
 */
function readChunks(png: Buffer): Chunk[] {
  if (png.length < PNG_SIGNATURE.length || !png.subarray(0, 8).equals(PNG_SIGNATURE)) {
    throw new PngFormatError('png_signature', 'Not a PNG file: the signature is missing.');
  }
  const chunks: Chunk[] = [];
  let offset = PNG_SIGNATURE.length;
  for (;;) {
    if (offset + 8 > png.length) {
      throw new PngFormatError('png_truncated', 'The PNG ends before its IEND chunk.', { offset });
    }
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    if (length > MAX_CHUNK_LENGTH) {
      throw new PngFormatError('png_chunk_length', `Chunk length ${length} exceeds the PNG maximum.`, {
        offset,
        type,
      });
    }
    if (!/^[A-Za-z]{4}$/.test(type)) {
      throw new PngFormatError('png_structure', 'Invalid chunk type.', { offset });
    }
    const end = offset + 12 + length;
    if (end > png.length) {
      throw new PngFormatError('png_truncated', `Chunk ${type} is longer than the remaining file.`, {
        offset,
        type,
        length,
      });
    }
    const expected = png.readUInt32BE(end - 4);
    if (crc32(png.subarray(offset + 4, end - 4)) !== expected) {
      throw new PngFormatError('png_crc', `Chunk ${type} has a wrong CRC.`, { offset, type });
    }
    if (chunks.length === 0 && type !== 'IHDR') {
      throw new PngFormatError('png_structure', 'The first chunk is not IHDR.', { type });
    }
    chunks.push({ type, offset, data: png.subarray(offset + 8, end - 4) });
    if (type === 'IEND') return chunks;
    offset = end;
  }
}

/** One PNG chunk: length, type, data and its CRC-32 (also how tests build hostile PNGs). */
export function chunkBytes(type: string, data: Buffer): Buffer {
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  out.write(type, 4, 'latin1');
  data.copy(out, 8);
  out.writeUInt32BE(crc32(out.subarray(4, 8 + data.length)), 8 + data.length);
  return out;
}

function checkKeyword(keyword: string): void {
  // 1–79 printable Latin-1 characters, no leading, trailing or double spaces (PNG 11.3.4.2).
  const ok =
    /^[\x20-\x7e\xa1-\xff]{1,79}$/.test(keyword) &&
    !keyword.startsWith(' ') &&
    !keyword.endsWith(' ') &&
    !keyword.includes('  ');
  if (!ok) throw new PngFormatError('png_text_chunk', 'Invalid PNG text keyword.', { keyword });
}

/**
 * Inserts one uncompressed `iTXt` chunk (no language tag, no translated keyword, UTF-8 text)
 * immediately before IEND. The input is validated first; it is not modified.
 */
export function insertITXt(png: Buffer, keyword: string, text: string): Buffer {
  checkKeyword(keyword);
  if (text.includes('\0') || !text.isWellFormed()) {
    throw new PngFormatError('png_text_chunk', 'PNG text must be well-formed Unicode without NUL.');
  }
  const chunks = readChunks(png);
  const iend = chunks[chunks.length - 1] as Chunk;
  const data = Buffer.concat([
    Buffer.from(keyword, 'latin1'),
    // NUL, compression flag 0, compression method 0, empty language tag + NUL,
    // empty translated keyword + NUL.
    Buffer.from([0, 0, 0, 0, 0]),
    Buffer.from(text, 'utf8'),
  ]);
  return Buffer.concat([png.subarray(0, iend.offset), chunkBytes('iTXt', data), png.subarray(iend.offset)]);
}

export interface PngText {
  keyword: string;
  text: string;
}

const malformed = (why: string): PngFormatError =>
  new PngFormatError('png_text_chunk', `Malformed iTXt: ${why}.`);

const tooLarge = (budget: number): PngFormatError =>
  new PngFormatError('png_text_chunk', `The PNG text read is larger than ${budget} bytes in all.`, {
    budget,
  });

/** The keyword of an `iTXt` chunk, read without touching its (possibly compressed) text. */
function keywordOf(data: Buffer): string {
  const k = data.indexOf(0);
  if (k < 1 || k > 79 || k + 3 > data.length) throw malformed('keyword');
  return data.toString('latin1', 0, k);
}

/**
 * The text of one `iTXt` chunk, inflated to at most `budget` bytes: zlib stops at
 * maxOutputLength, so a decompression bomb costs the budget, never what it would expand to.
 */
function parseITXt(data: Buffer, budget: number, total = budget): PngText {
  const keyword = keywordOf(data);
  const k = keyword.length;
  const flag = data[k + 1];
  const method = data[k + 2];
  if ((flag !== 0 && flag !== 1) || method !== 0) throw malformed('compression');
  const lang = data.indexOf(0, k + 3);
  const translated = lang < 0 ? -1 : data.indexOf(0, lang + 1);
  if (translated < 0) throw malformed('language tag');
  let raw = data.subarray(translated + 1);
  if (flag === 1) {
    try {
      raw = inflateSync(raw, { maxOutputLength: Math.max(budget, 1) });
    } catch (error) {
      if ((error as { code?: unknown }).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge(total);
      throw malformed('compressed text');
    }
  }
  if (raw.length > budget) throw tooLarge(total);
  const text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  try {
    return { keyword, text: text.decode(raw) };
  } catch {
    throw malformed('text is not UTF-8');
  }
}

/** Which `iTXt` chunks to read, and how many text bytes all of them may hold together. */
export interface PngTextOptions {
  /** Read only chunks with this keyword; the others are skipped without being inflated. */
  keyword?: string;
  /** Total bytes of text (after inflation) over all chunks read; more is a `png_text_chunk` error. */
  maxTextBytes?: number;
}

/**
 * The `iTXt` chunks of a valid PNG, in file order. Every chunk's keyword is checked before its
 * text is read, and the texts share one byte budget. Throws `PngFormatError` on any defect.
 */
export function readPngTextChunks(png: Buffer, options: PngTextOptions = {}): PngText[] {
  const total = options.maxTextBytes ?? MAX_TEXT_BYTES;
  let budget = total;
  const texts: PngText[] = [];
  for (const chunk of readChunks(png)) {
    if (chunk.type !== 'iTXt') continue;
    if (options.keyword !== undefined && keywordOf(chunk.data) !== options.keyword) continue;
    const text = parseITXt(chunk.data, budget, total);
    budget -= Buffer.byteLength(text.text);
    texts.push(text);
  }
  return texts;
}

/**
 * The texts of all `openbadgecredential` chunks (a baked badge has exactly one). Other text
 * chunks are skipped unread; the credentials' text may total `maxTextBytes` (pass the largest
 * token the caller accepts: anything longer would be refused anyway).
 */
export function extractPngCredential(png: Buffer, maxTextBytes = MAX_TEXT_BYTES): string[] {
  return readPngTextChunks(png, { keyword: CREDENTIAL_KEYWORD, maxTextBytes }).map((t) => t.text);
}

/** Bakes a VC-JWT into a PNG as its one `openbadgecredential` chunk. */
export function bakePng(png: Buffer, jwt: string): Buffer {
  if (!COMPACT_JWS.test(jwt)) {
    throw new PngFormatError('badge_jwt_format', 'The credential is not a compact JWS.');
  }
  if (extractPngCredential(png).length > 0) {
    throw new PngFormatError('png_already_baked', 'The PNG already carries a credential.');
  }
  return insertITXt(png, CREDENTIAL_KEYWORD, jwt);
}

let sharpLoading: Promise<typeof sharpModule> | null = null;

/**
 * sharp, loaded on the first PNG rather than at start-up: libvips is ~20 MB resident, and an
 * instance that only serves SVG badges never needs it. Its operation cache (up to 50 MB) is
 * off: rendered badges are cached by the badge service, so libvips' copies would only be held.
 */
function loadSharp(): Promise<typeof sharpModule> {
  return (sharpLoading ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp;
  }));
}

/**
 * Rasterises a badge SVG with sharp at `scale` × its own width and height (72 dpi is 1×).
 * Deterministic for the same SVG and sharp version.
 */
export async function pngFromSvg(svg: string, scale = 2): Promise<Buffer> {
  if (!(scale > 0 && scale <= 8)) throw new RangeError('scale must be in (0, 8]');
  const sharp = await loadSharp();
  return sharp(Buffer.from(svg), { density: 72 * scale })
    .png({ compressionLevel: 9, adaptiveFiltering: true, palette: false })
    .toBuffer();
}
