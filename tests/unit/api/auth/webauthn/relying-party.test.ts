import { describe, expect, it } from 'vitest';
import {
  passkeySupport,
  passkeysAvailable,
  relyingParty,
} from '../../../../../api/auth/webauthn/relying-party.ts';
import { reasonOf, refusalError } from '../../../../../api/auth/webauthn/refusal.ts';
import {
  authenticationResponse,
  claimedChallenge,
  registrationResponse,
} from '../../../../../api/auth/webauthn/response-json.ts';

describe('relying party from PUBLIC_URL', () => {
  it('takes the host name as RP id and the origin as the only origin', () => {
    expect(relyingParty('https://register.example')).toEqual({
      id: 'register.example',
      origin: 'https://register.example',
      name: 'Keurmerk',
    });
    expect(relyingParty('http://localhost:4321')).toMatchObject({
      id: 'localhost',
      origin: 'http://localhost:4321',
    });
  });

  it('says passkeys are unavailable on an IP address, IPv4 or IPv6', () => {
    for (const url of [
      'http://127.0.0.1:4321',
      'https://192.0.2.1',
      'http://[::1]:4321',
      'https://[2001:db8::1]',
    ]) {
      expect(passkeysAvailable(url), url).toBe(false);
      expect(passkeySupport(url)).toMatchObject({ available: false, reason: 'ip_address' });
      expect(() => relyingParty(url)).toThrow(expect.objectContaining({ code: 'passkeys_unavailable' }));
    }
  });
});

describe('WebAuthn response shapes', () => {
  const b64 = (s: string) => Buffer.from(s).toString('base64url');
  const clientData = b64(JSON.stringify({ type: 'webauthn.get', challenge: 'abc_DEF-1', origin: 'x' }));
  const auth = {
    id: 'AAAA',
    rawId: 'AAAA',
    type: 'public-key',
    response: { clientDataJSON: clientData, authenticatorData: 'AAAA', signature: 'AAAA' },
  };

  it('accepts a response as JSON text or object and reads the claimed challenge', () => {
    expect(authenticationResponse(JSON.stringify(auth))).toMatchObject({
      id: 'AAAA',
      clientExtensionResults: {},
    });
    expect(claimedChallenge(authenticationResponse(auth)!)).toBe('abc_DEF-1');
  });

  it('refuses junk and the wrong ceremony', () => {
    expect(registrationResponse(auth)).toBeNull();
    expect(authenticationResponse({ ...auth, type: 'password' })).toBeNull();
    expect(authenticationResponse({ ...auth, id: 'not base64!' })).toBeNull();
    expect(authenticationResponse('x'.repeat(70_000))).toBeNull();
    expect(claimedChallenge({ response: { clientDataJSON: b64('{"challenge":5}') } })).toBeNull();
    expect(claimedChallenge({ response: { clientDataJSON: b64('not json') } })).toBeNull();
  });

  it('names the reason of a verifier error', () => {
    expect(reasonOf(new Error('Unexpected authentication response origin "x", expected "y"')).reason).toBe(
      'origin',
    );
    expect(reasonOf(new Error('Unexpected RP ID hash')).reason).toBe('rp_id');
    expect(reasonOf(new Error('Response counter value 3 was lower than expected 5')).reason).toBe('counter');
    expect(reasonOf(new Error('something else')).reason).toBe('verification');
    const error = refusalError({ ok: false, reason: 'origin', detail: 'x' });
    expect(error).toMatchObject({ code: 'webauthn_refused', status: 400, details: { reason: 'origin' } });
    expect(error.publicMessage('nl')).not.toContain('origin');
  });
});
