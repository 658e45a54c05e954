import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { openDatabase } from '../../db/platform/connection.ts';
import { migrateToLatest } from '../../db/platform/migrate.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';
import { insertApiToken } from '../../db/staff/api-tokens.ts';
import { createStaffAccount } from '../../api/auth/staff-accounts.ts';
import { newSecret, secretHash } from '../../api/auth/secrets.ts';
import { prepareRegistry, type PreparedRegistry } from './registry-fixture.ts';

export const STAFF_PASSWORD = 'fietsbel kaasschaaf zonnebloem 7';
export type TokenKind = 'admin' | 'assessor' | 'viewer' | 'revoked' | 'expired';
export type StaffRole = 'admin' | 'assessor' | 'viewer';

export interface AdminFixture {
  reg: PreparedRegistry;
  tokens: Record<TokenKind, string>;
  staff: Record<StaffRole, { email: string; password: string }>;
  staffIds: Record<StaffRole, number>;
}

/**
 * Staff of every role (one password) and API tokens of every role, each owned by the staff member
 * of its role, plus a revoked and an expired one (owned by the admin).
 */
export async function prepareAdmin(db: Kysely<Database>): Promise<Omit<AdminFixture, 'reg'>> {
  const now = new Date();
  const staff = {} as AdminFixture['staff'];
  const staffIds = {} as AdminFixture['staffIds'];
  for (const role of ['admin', 'assessor', 'viewer'] as const) {
    const email = `${role}@keurmerk.test`;
    const user = await createStaffAccount(
      db,
      { email, displayName: `Test ${role}`, role, password: STAFF_PASSWORD },
      now,
    );
    staff[role] = { email, password: STAFF_PASSWORD };
    staffIds[role] = user.id;
  }
  const tokens = {} as AdminFixture['tokens'];
  const kinds: Array<[TokenKind, 'admin' | 'assessor' | 'viewer', Date | null, Date | null]> = [
    ['admin', 'admin', null, null],
    ['assessor', 'assessor', null, null],
    ['viewer', 'viewer', null, null],
    ['revoked', 'admin', null, new Date(now.getTime() - 1000)],
    ['expired', 'admin', new Date(now.getTime() - 1000), null],
  ];
  for (const [kind, role, expiresAt, revokedAt] of kinds) {
    const token = newSecret('kmt');
    const row = await insertApiToken(db, {
      name: `e2e-${kind}`,
      role,
      tokenHash: secretHash(token),
      createdBy: 'fixture',
      ownerId: staffIds[role],
      expiresAt: null,
      now: new Date(now.getTime() - 60_000),
    });
    // Set after creation: a token cannot be created already expired through the API.
    await db
      .updateTable('api_token')
      .set({ expires_at: expiresAt, revoked_at: revokedAt })
      .where('id', '=', row.id)
      .execute();
    tokens[kind] = token;
  }
  return { staff, staffIds, tokens };
}

/** An embedded data directory with the registry fixture, staff and tokens (closed before a server opens it). */
export async function prepareAdminDataDir(dataDir: string): Promise<AdminFixture> {
  const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test fixture' });
  try {
    await migrateToLatest(handle.db);
    await seedSchemes(handle.db);
    const reg = await prepareRegistry(handle.db);
    return { reg, ...(await prepareAdmin(handle.db)) };
  } finally {
    await handle.close();
  }
}

/** A JSON call to the admin API of a running server. */
export async function adminCall(
  baseUrl: string,
  method: string,
  path: string,
  token: string | null,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: any; headers: Headers }> {
  const response = await fetch(`${baseUrl}/api/v1/admin${path}`, {
    method,
    redirect: 'manual',
    headers: {
      ...(token ? { authorization: `Bearer ${token}` } : {}),
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  let parsed: unknown = text;
  try {
    parsed = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: keep the text.
  }
  return { status: response.status, body: parsed, headers: response.headers };
}

/** Cookies from Set-Cookie headers, as one Cookie header value (enough for our two cookies). */
export function cookiesFrom(response: Response, previous = ''): string {
  const jar = new Map(
    previous
      .split('; ')
      .filter(Boolean)
      .map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)] as [string, string]),
  );
  for (const header of response.headers.getSetCookie()) {
    const [pair] = header.split(';');
    const name = pair!.slice(0, pair!.indexOf('='));
    const value = pair!.slice(pair!.indexOf('=') + 1);
    if (/expires=thu, 01 jan 1970/i.test(header) || value === 'deleted') jar.delete(name);
    else jar.set(name, value);
  }
  return [...jar].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** Posts a form the way a browser on our own origin does (Origin header included). */
export function postForm(
  baseUrl: string,
  path: string,
  form: Record<string, string>,
  cookie = '',
  origin = baseUrl,
): Promise<Response> {
  return fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin, ...(cookie ? { cookie } : {}) },
    body: new URLSearchParams(form).toString(),
  });
}

/** Signs in through the sign-in page and returns the Cookie header of the new session. */
export async function signInUi(
  baseUrl: string,
  email: string,
  password: string,
  cookie = '',
): Promise<string> {
  const response = await postForm(baseUrl, '/admin/sign-in', { email, password, next: '/admin' }, cookie);
  if (response.status !== 303) throw new Error(`sign-in of ${email} answered ${response.status}`);
  await response.arrayBuffer();
  return cookiesFrom(response, cookie);
}

/** A GET with cookies, not following redirects. */
export async function getPage(
  baseUrl: string,
  path: string,
  cookie = '',
): Promise<{ status: number; location: string | null; html: string }> {
  const response = await fetch(`${baseUrl}${path}`, {
    redirect: 'manual',
    headers: cookie ? { cookie } : {},
  });
  return { status: response.status, location: response.headers.get('location'), html: await response.text() };
}
