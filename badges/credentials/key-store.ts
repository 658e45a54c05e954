import fs from 'node:fs/promises';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema/database.ts';
import { currentKeyRow, installCurrentKey, lockKeys, publishedKeyRows } from '../../db/keys/signing-keys.ts';
import { SigningKeyError, type PublicJwk, type SigningAlg, type SigningKey } from './signing-key.ts';
import { exportPrivateKeyPem, generateSigningKey } from './key-generation.ts';
import { loadSigningKeyFile } from './key-file.ts';
import { inTransaction } from '../../db/platform/transaction.ts';

export interface KeyStoreOptions {
  publicUrl: string;
  alg: SigningAlg;
  /** A configured key file (production); otherwise keys are generated into `dataDir/keys`. */
  keyFile: string | null;
  /** `memory://…` keeps generated keys in memory only (tests). */
  dataDir: string;
}

/** The signing keys as the running process sees them. */
export interface KeyStore {
  /** The key new credentials and status lists are signed with. */
  current(): SigningKey;
  /** Current and retired-but-still-needed public keys, for the JWKS and `kid` URLs. */
  published(now: Date): Promise<PublicJwk[]>;
  /** Re-reads the current key (after a rotation announced on KEYS_CHANNEL by another process). */
  reload(): Promise<void>;
}

const MEMORY_REF = 'memory:';
// Keys generated in memory://-backed processes, so a reload within the process finds them.
const memoryKeys = new Map<string, SigningKey>();

function keyDir(dataDir: string): string | null {
  return dataDir.startsWith('memory://') ? null : path.join(dataDir, 'keys');
}

async function writePrivateKey(dir: string, key: SigningKey): Promise<string> {
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `${key.thumbprint}.pem`);
  // 0600 from the first byte: the file is created with the mode, not chmod-ed afterwards.
  await fs.writeFile(file, await exportPrivateKeyPem(key), { mode: 0o600, flag: 'wx' });
  return file;
}

async function loadRef(ref: string, options: KeyStoreOptions, kid: string): Promise<SigningKey> {
  if (ref === MEMORY_REF) {
    const key = memoryKeys.get(kid);
    if (!key) throw new SigningKeyError(`The current signing key ${kid} lives in another process's memory.`);
    return key;
  }
  const key = await loadSigningKeyFile(ref, { publicUrl: options.publicUrl });
  if (!kid.endsWith(`/keys/${key.thumbprint}`)) {
    throw new SigningKeyError(`Key file ${ref} does not hold the key ${kid} the database names as current.`);
  }
  if (key.kid !== kid) {
    // Same key, other origin: every issued credential names the old kid URL.
    throw new SigningKeyError(
      `The current signing key was registered as ${kid}, but PUBLIC_URL is now ${options.publicUrl}; ` +
        'restore PUBLIC_URL, or rotate the key (npm run keys:rotate) after changing it.',
    );
  }
  return key;
}

/** Creates a new key where this process keeps keys and returns its database row. */
async function createKey(options: KeyStoreOptions): Promise<{ key: SigningKey; ref: string }> {
  const key = await generateSigningKey(options.alg, options.publicUrl);
  const dir = keyDir(options.dataDir);
  if (!dir) {
    memoryKeys.set(key.kid, key);
    return { key, ref: MEMORY_REF };
  }
  return { key, ref: await writePrivateKey(dir, key) };
}

function rowOf(key: SigningKey, ref: string) {
  return {
    kid: key.kid,
    thumbprint: key.thumbprint,
    alg: key.alg,
    public_jwk: { ...key.publicJwk },
    private_key_ref: ref,
  };
}

/**
 * Finds or creates the current signing key. A configured SIGNING_KEY_FILE always becomes the
 * current key; otherwise the newest non-retired key is loaded from its file, and a key is
 * generated only when there is none.
 */
export async function openKeyStore(db: Kysely<Database>, options: KeyStoreOptions): Promise<KeyStore> {
  async function resolveCurrent(): Promise<SigningKey> {
    if (options.keyFile) {
      const key = await loadSigningKeyFile(options.keyFile, {
        publicUrl: options.publicUrl,
        alg: options.alg,
      });
      await inTransaction(db, async (trx) => {
        await lockKeys(trx);
        const current = await currentKeyRow(trx);
        if (current?.kid !== key.kid) await installCurrentKey(trx, rowOf(key, options.keyFile!), new Date());
      });
      return key;
    }
    return inTransaction(db, async (trx) => {
      await lockKeys(trx);
      const row = await currentKeyRow(trx);
      if (row) return loadRef(row.private_key_ref, options, row.kid);
      const { key, ref } = await createKey(options);
      await installCurrentKey(trx, rowOf(key, ref), new Date());
      return key;
    });
  }

  let current = await resolveCurrent();
  const store: KeyStore = {
    current: () => current,
    async published(now) {
      return (await publishedKeyRows(db, now)).map((row) => row.public_jwk as unknown as PublicJwk);
    },
    async reload() {
      const row = await currentKeyRow(db);
      if (row && row.kid !== current.kid) current = await loadRef(row.private_key_ref, options, row.kid);
    },
  };
  return store;
}

/** Adds a new current key and retires the previous one; running servers pick it up by NOTIFY. */
export async function rotateKey(
  db: Kysely<Database>,
  options: KeyStoreOptions,
  now = new Date(),
): Promise<SigningKey> {
  if (options.keyFile) {
    throw new SigningKeyError(
      'SIGNING_KEY_FILE is set: rotate by pointing it at a new key file and restarting.',
    );
  }
  const { key, ref } = await createKey(options);
  await inTransaction(db, async (trx) => {
    await lockKeys(trx);
    await installCurrentKey(trx, rowOf(key, ref), now);
  });
  return key;
}
