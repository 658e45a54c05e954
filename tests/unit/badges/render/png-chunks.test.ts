import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  CREDENTIAL_KEYWORD,
  PngFormatError,
  bakePng,
  extractPngCredential,
  insertITXt,
  pngFromSvg,
  readPngTextChunks,
} from '../../../../badges/render/png-chunks.ts';
import { bakeSvg } from '../../../../badges/render/bake.ts';
import { BADGE_SIZES, type BadgeView } from '../../../../badges/render/badge-view.ts';
import { SAMPLE_BADGE_VIEW } from '../../../../badges/render/sample-view.ts';
import { loadBadgeFonts } from '../../../../badges/render/fonts.ts';
import { renderBadgeSvg } from '../../../../badges/render/render-svg.ts';

const JWT = 'eyJhbGciOiJSUzI1NiJ9.eyJpc3MiOiJodHRwczovL2tldXJtZXJrLmV4YW1wbGUifQ.c2lnbmF0dXJl';

/** Table-driven CRC-32 (ISO 3309, as in PNG), written here independently of node:zlib. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] as number) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** Test-side chunk walk: no validation, just the layout. */
function chunks(png: Buffer): Array<{ type: string; offset: number; data: Buffer; crc: number }> {
  const out = [];
  for (let offset = 8; offset < png.length;) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    out.push({
      type,
      offset,
      data: png.subarray(offset + 8, offset + 8 + length),
      crc: png.readUInt32BE(offset + 8 + length),
    });
    offset += 12 + length;
  }
  return out;
}

function withChunk(png: Buffer, type: string, data: Buffer): Buffer {
  const iend = chunks(png).at(-1)!.offset;
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return Buffer.concat([png.subarray(0, iend), chunk, png.subarray(iend)]);
}

const code = (fn: () => unknown): string | undefined => {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(PngFormatError);
    return (e as PngFormatError).code;
  }
  return undefined;
};

const view: BadgeView = SAMPLE_BADGE_VIEW;
let svg = '';
let png: Buffer = Buffer.alloc(0);

beforeAll(async () => {
  await loadBadgeFonts();
  svg = bakeSvg(await renderBadgeSvg(view), { jwt: null, title: 'Klantcontact Nederland B.V.' });
  png = await pngFromSvg(svg);
});

describe('pngFromSvg', () => {
  it.each(['s', 'm', 'l'] as const)('renders size %s at twice the SVG size', async (size) => {
    const out = await pngFromSvg(await renderBadgeSvg({ ...view, size }));
    const meta = await sharp(out).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual([
      'png',
      BADGE_SIZES[size].width * 2,
      BADGE_SIZES[size].height * 2,
    ]);
  });

  it('rasterises a baked SVG (credential element and namespace) like the unbaked one', async () => {
    const baked = bakeSvg(await renderBadgeSvg(view), { jwt: JWT, title: 'Klantcontact Nederland B.V.' });
    const [a, b] = await Promise.all([pngFromSvg(baked), pngFromSvg(svg)]);
    expect((await sharp(a).raw().toBuffer()).equals(await sharp(b).raw().toBuffer())).toBe(true);
  });

  it('is deterministic', async () => {
    expect((await pngFromSvg(svg)).equals(png)).toBe(true);
  });
});

describe('insertITXt', () => {
  it('inserts one uncompressed iTXt chunk immediately before IEND with a correct CRC', () => {
    const baked = insertITXt(png, CREDENTIAL_KEYWORD, JWT);
    const before = chunks(png);
    const after = chunks(baked);
    expect(after.map((c) => c.type)).toEqual([...before.slice(0, -1).map((c) => c.type), 'iTXt', 'IEND']);
    const itxt = after.at(-2)!;
    // keyword NUL, compression flag 0, method 0, empty language tag NUL, empty translated keyword NUL, text
    expect(
      itxt.data.equals(Buffer.concat([Buffer.from(`${CREDENTIAL_KEYWORD}\0\0\0\0\0`), Buffer.from(JWT)])),
    ).toBe(true);
    for (const c of after) {
      expect(c.crc, c.type).toBe(crc(Buffer.concat([Buffer.from(c.type, 'latin1'), c.data])));
    }
    // Everything else is byte for byte the original.
    expect(baked.subarray(0, itxt.offset).equals(png.subarray(0, itxt.offset))).toBe(true);
    expect(baked.subarray(after.at(-1)!.offset).equals(png.subarray(before.at(-1)!.offset))).toBe(true);
  });

  it('leaves a PNG that still decodes to the same pixels', async () => {
    const baked = bakePng(png, JWT);
    const [a, b] = await Promise.all([sharp(png).raw().toBuffer(), sharp(baked).raw().toBuffer()]);
    expect(b.equals(a)).toBe(true);
    expect((await sharp(baked).metadata()).width).toBe(BADGE_SIZES.m.width * 2);
  });

  it('writes UTF-8 text and validates the keyword', () => {
    const baked = insertITXt(png, 'Title', 'Société — שלום');
    expect(readPngTextChunks(baked)).toEqual([{ keyword: 'Title', text: 'Société — שלום' }]);
    for (const keyword of ['', ' lead', 'trail ', 'dou  ble', 'x'.repeat(80), 'nul\0']) {
      expect(
        code(() => insertITXt(png, keyword, 't')),
        JSON.stringify(keyword),
      ).toBe('png_text_chunk');
    }
    expect(code(() => insertITXt(png, 'k', 'a\0b'))).toBe('png_text_chunk');
  });
});

describe('reading baked PNGs', () => {
  it('round-trips the credential', () => {
    const baked = bakePng(png, JWT);
    expect(extractPngCredential(baked)).toEqual([JWT]);
    expect(extractPngCredential(png)).toEqual([]);
  });

  it('bakes at most one credential and only a compact JWS', () => {
    expect(code(() => bakePng(bakePng(png, JWT), JWT))).toBe('png_already_baked');
    expect(code(() => bakePng(png, 'not a jwt'))).toBe('badge_jwt_format');
  });

  it('reads compressed iTXt chunks written by other tools', () => {
    const data = Buffer.concat([
      Buffer.from(`${CREDENTIAL_KEYWORD}\0\x01\0en\0Credential\0`),
      deflateSync(JWT),
    ]);
    expect(extractPngCredential(withChunk(png, 'iTXt', data))).toEqual([JWT]);
  });

  it('rejects a wrong signature', () => {
    expect(code(() => readPngTextChunks(Buffer.from('GIF89a....')))).toBe('png_signature');
    expect(code(() => readPngTextChunks(Buffer.alloc(0)))).toBe('png_signature');
  });

  it('rejects truncated files and chunks', () => {
    const baked = bakePng(png, JWT);
    const itxt = chunks(baked).at(-2)!;
    expect(code(() => extractPngCredential(baked.subarray(0, itxt.offset + 20)))).toBe('png_truncated');
    expect(code(() => extractPngCredential(baked.subarray(0, baked.length - 1)))).toBe('png_truncated');
    expect(code(() => extractPngCredential(baked.subarray(0, itxt.offset)))).toBe('png_truncated');
    expect(code(() => extractPngCredential(baked.subarray(0, 8)))).toBe('png_truncated');
  });

  it('rejects oversized chunk lengths', () => {
    const baked = Buffer.from(bakePng(png, JWT));
    const offset = chunks(baked).at(-2)!.offset;
    const beyondFile = Buffer.from(baked);
    beyondFile.writeUInt32BE(0x10000000, offset);
    expect(code(() => extractPngCredential(beyondFile))).toBe('png_truncated');
    const beyondSpec = Buffer.from(baked);
    beyondSpec.writeUInt32BE(0xffffffff, offset);
    expect(code(() => extractPngCredential(beyondSpec))).toBe('png_chunk_length');
  });

  it('rejects a wrong CRC', () => {
    const baked = Buffer.from(bakePng(png, JWT));
    const itxt = chunks(baked).at(-2)!;
    const at = itxt.offset + 8 + 3; // a byte of the keyword
    baked.writeUInt8(baked.readUInt8(at) ^ 0x01, at);
    expect(code(() => extractPngCredential(baked))).toBe('png_crc');
  });

  it('rejects malformed iTXt content even with a valid CRC', () => {
    for (const data of [
      Buffer.from('no-nul-at-all'),
      Buffer.from(`${CREDENTIAL_KEYWORD}\0\x02\0\0\0x`),
      Buffer.from(`${CREDENTIAL_KEYWORD}\0\0\0lang-without-end`),
      Buffer.concat([Buffer.from(`${CREDENTIAL_KEYWORD}\0\0\0\0\0`), Buffer.from([0xff, 0xfe])]),
      Buffer.from(`${CREDENTIAL_KEYWORD}\0\x01\0\0\0not deflate`),
    ]) {
      expect(code(() => extractPngCredential(withChunk(png, 'iTXt', data)))).toBe('png_text_chunk');
    }
  });
});

describe('hostile text chunks', () => {
  const itxt = (keyword: string, compressed: Buffer) =>
    Buffer.concat([Buffer.from(`${keyword}\0\x01\0\0\0`, 'latin1'), compressed]);
  // 1 MiB of one letter deflates to about 1 kB.
  const bomb = deflateSync(Buffer.alloc(1 << 20, 0x61));

  it('skips text chunks of other keywords without inflating them', () => {
    // Not deflate data at all: reading it would throw, so an answer proves it was never inflated.
    const garbage = withChunk(png, 'iTXt', itxt('Comment', Buffer.from('not deflate')));
    expect(extractPngCredential(bakePng(garbage, JWT))).toEqual([JWT]);
    let many = png;
    for (let i = 0; i < 200; i++) many = withChunk(many, 'iTXt', itxt('Comment', bomb));
    const started = performance.now();
    expect(extractPngCredential(bakePng(many, JWT), 64 * 1024)).toEqual([JWT]);
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('stops inflating the credential at the budget', () => {
    const baked = withChunk(png, 'iTXt', itxt(CREDENTIAL_KEYWORD, bomb));
    expect(code(() => extractPngCredential(baked, 64 * 1024))).toBe('png_text_chunk');
    try {
      extractPngCredential(baked, 64 * 1024);
    } catch (e) {
      expect((e as PngFormatError).details).toEqual({ budget: 64 * 1024 });
    }
    // The budget is shared: two credentials of 40 kB each exceed 64 KiB together.
    const half = deflateSync(Buffer.alloc(40_000, 0x61));
    const two = withChunk(
      withChunk(png, 'iTXt', itxt(CREDENTIAL_KEYWORD, half)),
      'iTXt',
      itxt(CREDENTIAL_KEYWORD, half),
    );
    expect(code(() => extractPngCredential(two, 64 * 1024))).toBe('png_text_chunk');
    expect(extractPngCredential(two, 80_000)).toHaveLength(2);
  });
});
