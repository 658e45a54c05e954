import { deflateSync } from 'node:zlib';
import { chunkBytes as chunk } from '../../badges/render/png-chunks.ts';

// The hostile uploads of the hostile-load benchmark, built once per run.

/** `png` with 900 iTXt chunks of 1 MiB of one letter, each deflated to about 1 kB (~0.9 GB inflated). */
export function pngBomb(png: Buffer, chunks = 900): Buffer {
  const one = chunk(
    'iTXt',
    Buffer.concat([Buffer.from('Comment\0\x01\0\0\0'), deflateSync(Buffer.alloc(1 << 20, 0x61))]),
  );
  const iend = png.length - 12;
  return Buffer.concat([png.subarray(0, iend), ...Array<Buffer>(chunks).fill(one), png.subarray(iend)]);
}

/** An SVG of about 1 MB (just under the 1,000,000-byte body limit) with 90,000 attributes on one element. */
export function attributeSvg(attributes = 90_000, bytes = 990_000): Buffer {
  const attrs = Array.from({ length: attributes }, (_, i) => `a${i.toString(36)}="1"`).join(' ');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg"><g ${attrs}/>`;
  return Buffer.from(`${svg}${' '.repeat(Math.max(0, bytes - svg.length - 6))}</svg>`);
}
