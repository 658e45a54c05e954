import { describe, expect, it } from 'vitest';
import { formatRegistryDate } from '../../../../db/values/registry-date.ts';

describe('formatRegistryDate', () => {
  // 23:30 UTC on New Year's Eve is already the next day on the registry's wall clock.
  const lateEvening = new Date('2026-12-31T23:30:00Z');

  it.each([
    ['nl-NL', 'short', '1 jan 2027'],
    ['fr-BE', 'short', '1 janv. 2027'],
    ['en-GB', 'long', '1 January 2027'],
    ['nl-NL', 'medium-time', '1 jan 2027, 00:30'],
  ] as const)('writes %s %s in Amsterdam time', (locale, style, expected) => {
    expect(formatRegistryDate(locale, lateEvening, style)).toBe(expected);
  });
});
