import { describe, expect, it } from 'vitest';
import { demoOrganisation } from '../../../../db/seed/demo-generator.ts';
import { parseNationalId } from '../../../../db/values/national-id.ts';

const NOW = new Date('2026-11-01T00:00:00Z');

describe('demo generator', () => {
  it('gives 100,000 organisations distinct public ids, registry ids, domains and phones', () => {
    const seen = {
      publicId: new Set<string>(),
      registry: new Set<string>(),
      domain: new Set<string>(),
      phone: new Set<string>(),
    };
    for (let i = 0; i < 100_000; i++) {
      const o = demoOrganisation(1, i, NOW, {});
      seen.publicId.add(o.certification.publicId);
      seen.registry.add(`${o.country}${o.registryId}`);
      seen.domain.add(o.domain);
      seen.phone.add(o.phone);
    }
    for (const set of Object.values(seen)) expect(set.size).toBe(100_000);
  });

  it('is deterministic and produces valid national ids', () => {
    for (let i = 0; i < 500; i++) {
      const a = demoOrganisation(3, i, NOW, {});
      expect(demoOrganisation(3, i, NOW, {})).toEqual(a);
      expect(parseNationalId(a.country, a.registryId)).toMatchObject({ ok: true, value: a.registryId });
    }
  });
});
