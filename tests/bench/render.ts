import { renderBadgeSvg } from '../../badges/render/render-svg.ts';
import { loadBadgeFonts } from '../../badges/render/fonts.ts';
import { bakeSvg } from '../../badges/render/bake.ts';

// Cache-miss badge rendering (satori + path compaction + baking), run by `npm run bench` in its
// own process with the server's runtime flags. Each render has a new organisation name, as a
// cache miss would; the first renders (JIT warm-up) are not counted. Prints JSON.
const [warmUp = 100, measured = 300] = process.argv.slice(2).map(Number);
await loadBadgeFonts();
const view = {
  organisationName: 'Klantenservice Federatie Testlid B.V.',
  schemeName: 'KSF Servicebeloften',
  state: 'active' as const,
  validUntil: new Date('2027-06-30T00:00:00Z'),
  registryHost: 'keurmerk.example',
  lang: 'nl' as const,
  theme: 'light' as const,
  size: 'm' as const,
};
const times: number[] = [];
for (let i = 0; i < warmUp + measured; i++) {
  const t0 = performance.now();
  bakeSvg(await renderBadgeSvg({ ...view, organisationName: `${view.organisationName} ${i}` }), {
    jwt: null,
    title: 't',
  });
  if (i >= warmUp) times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
const at = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!;
process.stdout.write(`${JSON.stringify({ median: at(0.5), p95: at(0.95), warmUp, measured })}\n`);
