import { describe, expect, it } from 'vitest';
import { assuranceLabel, sectorLabel, statusLabel, terms } from '../../../../site/i18n/strings/terms.ts';
import { common } from '../../../../site/i18n/strings/common.ts';
import { verify } from '../../../../site/i18n/strings/verify.ts';
import { LANGUAGES } from '../../../../site/i18n/languages.ts';
import { ASSURANCE_LEVELS, CERTIFICATION_STATUSES, KNOWN_SECTORS } from '../../../../db/vocabulary.ts';

describe('domain terms', () => {
  it('have a non-empty text in nl, en and fr for every term, and no other language', () => {
    for (const [key, texts] of Object.entries(terms)) {
      expect(Object.keys(texts).sort(), key).toEqual([...LANGUAGES].sort());
      for (const lang of LANGUAGES) expect(texts[lang].trim(), `${key} ${lang}`).not.toBe('');
    }
  });

  it('cover every status, assurance level and known sector, and nothing else', () => {
    const expected = [
      ...CERTIFICATION_STATUSES.map((s) => `status.${s}`),
      'status.none',
      ...ASSURANCE_LEVELS.map((l) => `assurance.${l}`),
      ...KNOWN_SECTORS.map((s) => `sector.${s}`),
    ].sort();
    expect(Object.keys(terms).sort()).toEqual(expected);
  });

  it('give one word per term and language: no two terms of a kind share a text', () => {
    for (const kind of ['status', 'assurance', 'sector']) {
      for (const lang of LANGUAGES) {
        const texts = Object.entries(terms)
          .filter(([key]) => key.startsWith(`${kind}.`))
          .map(([, t]) => t[lang]);
        expect(new Set(texts).size, `${kind} ${lang}`).toBe(texts.length);
      }
    }
  });

  it('are the words the public pages and the verify page use', () => {
    for (const level of ASSURANCE_LEVELS) {
      for (const lang of LANGUAGES) {
        expect(common[`assurance.${level}`][lang]).toBe(assuranceLabel(lang, level));
        expect(verify[`assurance.${level}`][lang]).toBe(assuranceLabel(lang, level));
      }
    }
    for (const status of CERTIFICATION_STATUSES) {
      for (const lang of LANGUAGES) {
        expect(common[`status.${status}`][lang]).toBe(statusLabel(lang, status));
        expect(verify[`status.${status}`][lang].startsWith(statusLabel(lang, status))).toBe(true);
      }
    }
  });

  it('translate known sectors and show free text as written', () => {
    expect(sectorLabel('nl', 'healthcare')).toBe('Zorg');
    expect(sectorLabel('fr', 'healthcare')).toBe('Soins de santé');
    expect(sectorLabel('fr', 'Kinderopvang')).toBe('Kinderopvang');
    expect(sectorLabel('nl', 'toString')).toBe('toString');
  });
});
