import { XMLParser } from 'fast-xml-parser';
import fs from 'node:fs';
import path from 'node:path';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
import { ROOT } from './server-process.ts';

// Written here from the PNG specification, independent of badges/render/png-chunks.ts.
export function pngTextChunks(png: Uint8Array): Array<{ type: string; keyword: string; text: string }> {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: Array<{ type: string; keyword: string; text: string }> = [];
  let offset = 8;
  while (offset + 8 <= png.length) {
    const length = view.getUint32(offset);
    const type = String.fromCharCode(...png.subarray(offset + 4, offset + 8));
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'iTXt' || type === 'tEXt') {
      const nul = data.indexOf(0);
      const keyword = new TextDecoder('latin1').decode(data.subarray(0, nul));
      let rest = data.subarray(nul + 1);
      if (type === 'iTXt') {
        if (rest[0] !== 0) throw new Error('compressed iTXt');
        rest = rest.subarray(2);
        rest = rest.subarray(rest.indexOf(0) + 1); // language tag
        rest = rest.subarray(rest.indexOf(0) + 1); // translated keyword
      }
      out.push({ type, keyword, text: new TextDecoder().decode(rest) });
    }
    offset += 12 + length;
  }
  return out;
}

/** The JWTs in `openbadges:credential` elements, read with an XML parser (entities off). */
export function svgCredentials(svg: string): string[] {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@',
    processEntities: false,
    preserveOrder: true,
  });
  const tree = parser.parse(svg) as Array<Record<string, unknown>>;
  const root = tree.find((node) => 'svg' in node) as { svg: Array<Record<string, unknown>> } | undefined;
  if (!root) throw new Error('no <svg> root');
  return root.svg
    .filter((node) => 'openbadges:credential' in node)
    .map((node) => (node[':@'] as Record<string, string>)['@verify']!);
}

export function decodeJwt(token: string): { header: Record<string, unknown>; payload: Record<string, any> } {
  const [h, p] = token.split('.');
  const json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
  return { header: json(h!), payload: json(p!) };
}

/** Verifies an RS256/ES256 compact JWS with WebCrypto alone. */
export async function webCryptoVerify(token: string, jwk: JsonWebKey & { alg?: string }): Promise<boolean> {
  const [h, p, s] = token.split('.');
  const rsa = jwk.kty === 'RSA';
  const key = await crypto.subtle.importKey(
    'jwk',
    jwk,
    rsa ? { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' } : { name: 'ECDSA', namedCurve: 'P-256' },
    false,
    ['verify'],
  );
  return crypto.subtle.verify(
    rsa ? 'RSASSA-PKCS1-v1_5' : { name: 'ECDSA', hash: 'SHA-256' },
    key,
    Buffer.from(s!, 'base64url'),
    new TextEncoder().encode(`${h}.${p}`),
  );
}

/** The Open Badges 3.0 schema from ../shared/standards (the repository keeps a checked copy). */
export function obSchemaValidate(): (value: unknown) => boolean {
  const shared = path.resolve(ROOT, '..', 'shared', 'standards', 'ob-v3p0-achievementcredential-schema.json');
  const file = fs.existsSync(shared)
    ? shared
    : path.join(ROOT, 'badges', 'verify', 'schema', 'ob-v3p0-achievementcredential-schema.json');
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(file, 'utf8')));
  return (value) => {
    const ok = validate(value) as boolean;
    if (!ok) console.error(validate.errors);
    return ok;
  };
}

/** Decodes a Bitstring Status List from the spec: multibase u, base64url, GZIP, MSB first. */
export async function statusBit(encodedList: string, index: number): Promise<number> {
  if (!encodedList.startsWith('u')) throw new Error('not multibase base64url');
  const gz = Buffer.from(encodedList.slice(1), 'base64url');
  const stream = new Blob([gz]).stream().pipeThrough(new DecompressionStream('gzip'));
  const bits = new Uint8Array(await new Response(stream).arrayBuffer());
  if (bits.length * 8 < 131_072) throw new Error(`list too short: ${bits.length * 8} bits`);
  return (bits[Math.floor(index / 8)]! >> (7 - (index % 8))) & 1;
}
