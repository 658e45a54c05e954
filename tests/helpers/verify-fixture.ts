import { randomUUID } from 'node:crypto';
import { openDatabase } from '../../db/connection.ts';
import { migrateToLatest } from '../../db/migrate.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';
import { openKeyStore } from '../../badges/key-store.ts';
import { credentialHook } from '../../badges/issuance.ts';
import { generateSigningKey, type SigningKey } from '../../badges/keys.ts';
import { buildOpenBadgeCredential, signCredential, type CredentialInput } from '../../badges/credential.ts';
import { prepareRegistry, type PreparedRegistry } from './registry-fixture.ts';

export interface VerifyFixture {
  publicUrl: string;
  reg: PreparedRegistry;
  /** The server's signing key (the test signs forgeries with it that only one check may catch). */
  key: SigningKey;
  /** Stored credential JWTs, as the registry issued them. */
  tokens: { active: string; activeBe: string; suspended: string; revoked: string; expired: string };
  /** A key retired two years ago whose only credential expired a year ago: no longer published. */
  retiredKey: SigningKey;
  /** A credential for the `active` certification that the test may re-sign with any key. */
  credentialInput: CredentialInput;
}

const DAY = 86_400_000;

/**
 * An embedded data directory for a server at `publicUrl`: one certification in every state with
 * credentials issued by the lifecycle hooks (so suspended and revoked ones have their status bit
 * set), and a retired key whose credentials have all expired. Closed again before a server opens it.
 */
export async function prepareVerifyDataDir(dataDir: string, publicUrl: string): Promise<VerifyFixture> {
  const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test fixture' });
  try {
    const db = handle.db;
    await migrateToLatest(db);
    await seedSchemes(db);
    const keys = await openKeyStore(db, { publicUrl, alg: 'RS256', keyFile: null, dataDir });
    const reg = await prepareRegistry(db, [credentialHook({ keys, publicUrl })]);

    const token = async (publicId: string) => {
      const row = await db
        .selectFrom('credential as k')
        .innerJoin('certification as c', 'c.id', 'k.certification_id')
        .select('k.jwt')
        .where('c.public_id', '=', publicId)
        .orderBy('k.issued_at', 'desc')
        .executeTakeFirstOrThrow();
      return row.jwt;
    };

    const retiredKey = await generateSigningKey('RS256', publicUrl);
    const now = Date.now();
    await db
      .insertInto('signing_key')
      .values({
        kid: retiredKey.kid,
        thumbprint: retiredKey.thumbprint,
        alg: 'RS256',
        public_jwk: JSON.stringify(retiredKey.publicJwk),
        private_key_ref: 'memory:',
        created_at: new Date(now - 3 * 365 * DAY),
        retired_at: new Date(now - 2 * 365 * DAY),
      })
      .execute();
    const expired = await db
      .selectFrom('certification')
      .select('id')
      .where('public_id', '=', reg.expired)
      .executeTakeFirstOrThrow();
    await db
      .insertInto('credential')
      .values({
        id: `urn:uuid:${randomUUID()}`,
        certification_id: expired.id,
        jwt: 'x.y.z',
        kid: retiredKey.kid,
        status_list: 1,
        status_index: 7,
        valid_from: new Date(now - 3 * 365 * DAY),
        valid_until: new Date(now - 365 * DAY),
        issued_at: new Date(now - 3 * 365 * DAY),
        superseded_at: new Date(now - 2 * 365 * DAY),
      })
      .execute();

    const credentialInput: CredentialInput = {
      credentialId: randomUUID(),
      organisation: { name: 'Klantenservice Federatie Testlid B.V.', website: 'https://shop.example.nl' },
      scheme: {
        slug: 'ksf-service-promises',
        name: 'KSF service promises',
        description: 'Seven promises.',
        owner: { slug: 'ksf', name: 'Klantenservice Federatie' },
      },
      criteriaMet: [{ code: 'p1', title: 'Promise 1' }],
      validFrom: new Date(now - DAY),
      validUntil: new Date(now + 365 * DAY),
      statusList: { url: `${publicUrl}/status/1`, index: 4242 },
      publicUrl,
    };
    // Sanity: the input builds and signs.
    await signCredential(buildOpenBadgeCredential(credentialInput), keys.current());

    return {
      publicUrl,
      reg,
      key: keys.current(),
      tokens: {
        active: await token(reg.active),
        activeBe: await token(reg.activeBe),
        suspended: await token(reg.suspended),
        revoked: await token(reg.revoked),
        expired: await token(reg.expired),
      },
      retiredKey,
      credentialInput,
    };
  } finally {
    await handle.close();
  }
}
