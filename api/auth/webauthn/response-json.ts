import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { isoBase64URL } from '@simplewebauthn/server/helpers';

// A browser's response is a few kilobytes; anything far larger is not one.
const MAX_RESPONSE_CHARS = 64 * 1024;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isB64 = (v: unknown): v is string =>
  typeof v === 'string' && v.length > 0 && isoBase64URL.isBase64URL(v);

/** A form field or JSON body as an object, or null when it is not JSON or is too large. */
function parsed(input: unknown): Record<string, unknown> | null {
  if (typeof input === 'string') {
    if (input.length > MAX_RESPONSE_CHARS) return null;
    try {
      input = JSON.parse(input);
    } catch {
      return null;
    }
  }
  return isObject(input) ? input : null;
}

function common(
  v: Record<string, unknown>,
): v is Record<string, unknown> & { response: Record<string, unknown> } {
  return (
    isB64(v['id']) &&
    isB64(v['rawId']) &&
    v['type'] === 'public-key' &&
    isObject(v['response']) &&
    isB64(v['response']['clientDataJSON'])
  );
}

/** The browser's answer to navigator.credentials.create(), shape-checked, or null. */
export function registrationResponse(input: unknown): RegistrationResponseJSON | null {
  const v = parsed(input);
  if (!v || !common(v) || !isB64(v.response['attestationObject'])) return null;
  return { clientExtensionResults: {}, ...v } as unknown as RegistrationResponseJSON;
}

/** The browser's answer to navigator.credentials.get(), shape-checked, or null. */
export function authenticationResponse(input: unknown): AuthenticationResponseJSON | null {
  const v = parsed(input);
  if (!v || !common(v) || !isB64(v.response['authenticatorData']) || !isB64(v.response['signature']))
    return null;
  return { clientExtensionResults: {}, ...v } as unknown as AuthenticationResponseJSON;
}

/**
 * The challenge a response claims to answer, read from its client data, or null. Read before
 * verification so the stored challenge can be looked up (and used up) by it.
 */
export function claimedChallenge(response: { response: { clientDataJSON: string } }): string | null {
  try {
    const client = JSON.parse(isoBase64URL.toUTF8String(response.response.clientDataJSON)) as unknown;
    return isObject(client) && isB64(client['challenge']) ? client['challenge'] : null;
  } catch {
    return null;
  }
}
