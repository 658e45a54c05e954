import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SVG_BUDGET, svgOverBudget } from '../../../../badges/verify/svg-budget.ts';
import { extractCredential } from '../../../../badges/verify/input.ts';

const GOLDEN = new URL('../../../golden/badges/', import.meta.url);

describe('the markup budget of an uploaded SVG', () => {
  it('leaves every badge we render far inside the budget', () => {
    const files = readdirSync(GOLDEN).filter((f) => f.endsWith('.svg'));
    expect(files.length).toBeGreaterThan(0);
    for (const file of files) {
      const svg = readFileSync(new URL(file, GOLDEN), 'utf8');
      expect(svgOverBudget(svg), file).toBeNull();
      expect((svg.match(/=/g) ?? []).length * 10, file).toBeLessThan(SVG_BUDGET.attributes);
    }
  });

  it('refuses a file with one attribute or tag too many, before any parsing', () => {
    const attrs = (n: number) =>
      `<svg xmlns="http://www.w3.org/2000/svg" ${Array.from({ length: n - 1 }, (_, i) => `a${i}="1"`).join(' ')}/>`;
    expect(svgOverBudget(attrs(SVG_BUDGET.attributes))).toBeNull();
    expect(svgOverBudget(attrs(SVG_BUDGET.attributes + 1))).toMatch(/more than 4096 attributes/);
    const tags = (n: number) => `<svg xmlns="http://www.w3.org/2000/svg">${'<g/>'.repeat(n - 1)}</svg>`;
    expect(svgOverBudget(tags(SVG_BUDGET.tags - 1))).toBeNull();
    expect(svgOverBudget(tags(SVG_BUDGET.tags + 1))).toMatch(/more than 4096 tags/);
  });

  it('refuses a file larger than any badge of ours', () => {
    const padded = (n: number) => {
      const head = '<svg xmlns="http://www.w3.org/2000/svg"><desc>';
      const tail = '</desc></svg>';
      return head + 'x'.repeat(n - head.length - tail.length) + tail;
    };
    expect(svgOverBudget(padded(SVG_BUDGET.bytes))).toBeNull();
    expect(svgOverBudget(padded(SVG_BUDGET.bytes + 1))).toMatch(/larger than 128 kB/);
  });

  it('turns the hostile 90,000-attribute file into a format failure without parsing it', () => {
    const hostile = attrsSvg(4_097);
    const result = extractCredential('svg', new TextEncoder().encode(hostile));
    expect(result).toMatchObject({ ok: false, source: 'svg' });
    // The budget's own reason, not the parser's: the file was refused before it was parsed.
    expect(!result.ok && result.detail).toMatch(/more than 4096 attributes/);
  });
});

function attrsSvg(n: number): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" ${Array.from({ length: n }, (_, i) => `x${i}="1"`).join(' ')}/>`;
}
