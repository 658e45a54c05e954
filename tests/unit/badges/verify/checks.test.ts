import { describe, expect, it } from 'vitest';
import { CHECK_NAMES, JWS_CHECKS, type VerificationCheck } from '../../../../badges/verify/checks.ts';
import { INTEGRITY_CHECKS } from '../../../../badges/verify/verdict.ts';

describe('check names', () => {
  it('are one closed list: a misspelled name does not compile', () => {
    // @ts-expect-error 'signatur' is not a CheckName (tsc fails if this line ever compiles).
    const misspelled: VerificationCheck = { name: 'signatur', ok: true, detail: '' };
    expect(CHECK_NAMES).not.toContain(misspelled.name);
  });

  it('list every check the verdict and the envelope use, once', () => {
    expect(new Set(CHECK_NAMES).size).toBe(CHECK_NAMES.length);
    for (const name of [...JWS_CHECKS, ...INTEGRITY_CHECKS]) expect(CHECK_NAMES).toContain(name);
  });
});
