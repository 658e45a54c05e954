import { randomUUID } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, startServerProcess, type ServerProcess } from './server-process.ts';
import { openDatabase } from '../../db/platform/connection.ts';
import { migrateToLatest } from '../../db/platform/migrate.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';
import { openKeyStore } from '../../badges/credentials/key-store.ts';
import { credentialHook } from '../../badges/credentials/issuance.ts';
import { generateSigningKey } from '../../badges/credentials/key-generation.ts';
import type { SigningKey } from '../../badges/credentials/signing-key.ts';
import {
  buildOpenBadgeCredential,
  signCredential,
  type CredentialInput,
} from '../../badges/credentials/credential.ts';
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
  /** A credential the registry holds for the active certification whose validity starts tomorrow. */
  notYetValid: string;
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

    // Official contact channels, stored normalised as the registry keeps them.
    const orgOf = async (publicId: string) =>
      (
        await db
          .selectFrom('certification')
          .select('organisation_id')
          .where('public_id', '=', publicId)
          .executeTakeFirstOrThrow()
      ).organisation_id;
    const active = await orgOf(reg.active);
    const belgian = await orgOf(reg.activeBe);
    const revokedOrg = await orgOf(reg.revoked);
    await db
      .insertInto('contact_channel')
      .values([
        { organisation_id: active, kind: 'phone', value: '+31201234567', label: 'Klantenservice' },
        { organisation_id: active, kind: 'whatsapp', value: '+31612345678', label: 'WhatsApp' },
        { organisation_id: active, kind: 'email_domain', value: 'testlid.example.nl', label: 'E-mail' },
        {
          organisation_id: active,
          kind: 'chat_url',
          value: 'https://chat.testlid.example.nl/start',
          label: 'Chat',
        },
        { organisation_id: belgian, kind: 'phone', value: '+3221000005', label: 'Service clientèle' },
        { organisation_id: revokedOrg, kind: 'phone', value: '+31207654321', label: 'Klantenservice' },
      ])
      .execute();

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
        version: 1,
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
    // Held by the registry (superseded, so no badge carries it) but valid only from tomorrow.
    const activeCert = await db
      .selectFrom('certification')
      .select('id')
      .where('public_id', '=', reg.active)
      .executeTakeFirstOrThrow();
    const futureId = randomUUID();
    const future = {
      ...credentialInput,
      credentialId: futureId,
      validFrom: new Date(now + DAY),
      validUntil: new Date(now + 30 * DAY),
    };
    const notYetValid = await signCredential(buildOpenBadgeCredential(future), keys.current());
    await db
      .insertInto('credential')
      .values({
        id: `urn:uuid:${futureId}`,
        certification_id: activeCert.id,
        jwt: notYetValid,
        kid: keys.current().kid,
        status_list: 1,
        status_index: 4242,
        valid_from: new Date(Math.floor((now + DAY) / 1000) * 1000),
        valid_until: new Date(Math.floor((now + 30 * DAY) / 1000) * 1000),
        issued_at: new Date(now - DAY),
        superseded_at: new Date(now - DAY),
      })
      .execute();

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
      notYetValid,
    };
  } finally {
    await handle.close();
  }
}

export interface VerifyServer {
  fixture: VerifyFixture;
  server: ServerProcess;
  dataDir: string;
  close(): Promise<void>;
}

/** A prepared data directory and the real server on it, its PUBLIC_URL fixed before issuing. */
export async function startVerifyServer(env: Record<string, string> = {}): Promise<VerifyServer> {
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-verify-'));
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  const fixture = await prepareVerifyDataDir(dataDir, publicUrl);
  const server = await startServerProcess({
    DATA_DIR: dataDir,
    PORT: String(port),
    PUBLIC_URL: publicUrl,
    ...env,
  });
  return {
    fixture,
    server,
    dataDir,
    async close() {
      await server.stop('SIGKILL');
      await fs.rm(dataDir, { recursive: true, force: true });
    },
  };
}
