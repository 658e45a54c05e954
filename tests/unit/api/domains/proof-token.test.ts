import { describe, expect, it } from 'vitest';
import { proofToken, proofUrl, statesToken, PROOF_PATH } from '../../../../api/domains/proof-token.ts';
import { loadConfig, ConfigError } from '../../../../api/app/config.ts';
import { mailTemplates } from '../../../../api/mail/templates/index.ts';

const key = Buffer.alloc(32, 7);

describe('domain proof tokens', () => {
  const claim = { id: 12, organisation_id: 3, hostname: 'www.alfa.nl' };

  it('bind the token to claim, organisation and host', () => {
    const token = proofToken(key, claim);
    expect(token).toMatch(/^keurmerk-verification=[\w-]{43}$/);
    expect(proofToken(key, claim)).toBe(token);
    expect(proofToken(key, { ...claim, id: 13 })).not.toBe(token);
    expect(proofToken(key, { ...claim, organisation_id: 4 })).not.toBe(token);
    expect(proofToken(key, { ...claim, hostname: 'alfa.nl' })).not.toBe(token);
    expect(proofToken(Buffer.alloc(32, 8), claim)).not.toBe(token);
  });

  it('read the first non-empty line of the file, spaces trimmed, nothing else', () => {
    const token = proofToken(key, claim);
    expect(statesToken(`${token}\n`, token)).toBe(true);
    expect(statesToken(`\r\n  ${token}  \r\nmore`, token)).toBe(true);
    expect(statesToken(`other\n${token}`, token)).toBe(false);
    expect(statesToken(`${token}x`, token)).toBe(false);
    expect(statesToken('', token)).toBe(false);
  });

  it('fetch over https, except allow-listed test hosts (over http, at their port)', () => {
    expect(proofUrl('www.alfa.nl', [])).toBe(`https://www.alfa.nl${PROOF_PATH}`);
    expect(proofUrl('127.0.0.2', ['127.0.0.2:8123'])).toBe(`http://127.0.0.2:8123${PROOF_PATH}`);
    expect(proofUrl('localhost', ['localhost'])).toBe(`http://localhost${PROOF_PATH}`);
    expect(proofUrl('127.0.0.22', ['127.0.0.2:8123'])).toBe(`https://127.0.0.22${PROOF_PATH}`);
  });

  it('DOMAIN_PROOF_ALLOW_HOSTS is a list of hosts; anything else stops start-up naming it', () => {
    expect(loadConfig({}).domainProofAllowHosts).toEqual([]);
    expect(
      loadConfig({ DOMAIN_PROOF_ALLOW_HOSTS: ' 127.0.0.1:8080, LocalHost ,' }).domainProofAllowHosts,
    ).toEqual(['127.0.0.1:8080', 'localhost']);
    expect(() => loadConfig({ DOMAIN_PROOF_ALLOW_HOSTS: 'http://evil/' })).toThrow(ConfigError);
    expect(() => loadConfig({ DOMAIN_PROOF_ALLOW_HOSTS: 'http://evil/' })).toThrow(
      /^DOMAIN_PROOF_ALLOW_HOSTS: /,
    );
  });
});

describe('portal mail templates', () => {
  const context = (language: 'nl' | 'en' | 'fr') => ({
    language,
    registryHost: 'register.example',
    publicUrl: 'https://register.example',
  });

  it('status change, in nl, en and fr, with the verify link of the language', () => {
    const params = {
      name: 'An',
      organisation: 'Alfa',
      scheme: 'KSF',
      publicId: 'ABC234',
      previous: 'active',
      status: 'revoked',
    };
    const render = (l: 'nl' | 'en' | 'fr') =>
      mailTemplates['certification_status']!.render(params, {}, context(l));
    expect(render('nl').subject).toBe('Certificering van Alfa: ingetrokken');
    expect(render('en').text).toContain('changed from certified to revoked');
    expect(render('fr').text).toContain('https://register.example/fr/verify/ABC234');
  });

  it('digest lists the hosts escaped, and refuses parameters of the wrong shape', () => {
    const sightings = JSON.stringify([
      ['nep.example', 3],
      ['x<script>.example', 1],
    ]);
    const mail = mailTemplates['sighting_digest']!.render(
      { name: 'An', organisation: 'Alfa', slug: 'alfa-1', sightings },
      {},
      context('en'),
    );
    expect(mail.subject).toBe('Badge of Alfa seen on 2 new websites');
    expect(mail.text).toContain('nep.example (3)');
    expect(mail.html).not.toContain('<script>');
    expect(mail.text).toContain('https://register.example/en/member/org/alfa-1/sightings');
    expect(() =>
      mailTemplates['sighting_digest']!.render(
        { name: 'An', organisation: 'Alfa', slug: 'a', sightings: '[["x"]]' },
        {},
        context('nl'),
      ),
    ).toThrow(/sightings/);
  });
});
