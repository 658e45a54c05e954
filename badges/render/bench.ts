/**
 * Measures badge rendering: `npx node badges/render/bench.ts`.
 * Median time of a cache-miss SVG render (fonts loaded, a new name every time) per size, and the
 * compressed size of a typical badge. The machine's load average is printed alongside, since
 * other processes on a shared machine move these numbers.
 */
import { loadavg } from 'node:os';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { BADGE_SIZE_NAMES, type BadgeView } from './badge-view.ts';
import { loadBadgeFonts } from './fonts.ts';
import { renderBadgeSvg } from './render-svg.ts';
import { SAMPLE_BADGE_VIEW } from './sample-view.ts';

const base: BadgeView = SAMPLE_BADGE_VIEW;

const quantile = (sorted: number[], q: number): number => sorted[Math.floor(q * (sorted.length - 1))] ?? NaN;

await loadBadgeFonts();
for (let i = 0; i < 100; i++) await renderBadgeSvg({ ...base, organisationName: `Warm-up ${i}` });

for (const size of BADGE_SIZE_NAMES) {
  const times: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < 400; i++) {
    const view = { ...base, size, organisationName: `Klantcontact Nederland ${i} B.V.` };
    const start = performance.now();
    const startCpu = process.cpuUsage();
    await renderBadgeSvg(view);
    const used = process.cpuUsage(startCpu);
    times.push(performance.now() - start);
    cpu.push((used.user + used.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  // CPU time is what a render costs; wall time also counts waiting for a core on a busy machine.
  console.log(
    `render ${size}: median ${quantile(times, 0.5).toFixed(2)} ms wall (p90 ${quantile(times, 0.9).toFixed(2)}),` +
      ` ${quantile(cpu, 0.5).toFixed(2)} ms CPU`,
  );
}

for (const [label, view] of [
  ['typical m', base],
  ['typical l', { ...base, size: 'l' }],
  [
    'long name l',
    {
      ...base,
      size: 'l',
      organisationName:
        'Stichting Klantenservice Federatie voor Uitbestede Klantcontactcentra Nederland B.V.',
    },
  ],
  ['arabic name l', { ...base, size: 'l', organisationName: 'شركة خدمة العملاء المتحدة للاتصالات' }],
] as const) {
  const svg = await renderBadgeSvg(view);
  const brotli = (quality: number): number =>
    brotliCompressSync(svg, { params: { [constants.BROTLI_PARAM_QUALITY]: quality } }).length;
  console.log(
    `${label}: ${svg.length} B raw, gzip ${gzipSync(svg).length} B, brotli q5 ${brotli(5)} B, q11 ${brotli(11)} B`,
  );
}
console.log(
  `load average: ${loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
