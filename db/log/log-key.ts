// The Ed25519 key that signs checkpoints, kept like the badge signing key: a PKCS#8 PEM file
// given in LOG_KEY_FILE, or one generated into DATA_DIR/keys (mode 0600, created with it), or in
// memory for memory:// databases (tests). The database keeps public halves and file references.
import fs from 'node:fs/promises';
import path from 'node:path';
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { LogKey } from '../schema/log-key.table.ts';
import { KeurmerkError } from '../errors.ts';
import { inTransaction } from '../platform/transaction.ts';
import { formatVkey, noteSigner, type NoteSigner, type NoteVerifier } from './note.ts';

export const LOG_KEYS_CHANNEL = 'log_keys_changed';
const LOG_KEY_LOCK = 7_355_620;
const MEMORY_REF = 'memory:';
const memoryKeys = new Map<string, KeyObject>();

export interface LogKeyOptions {
  /** The origin the configuration gives (host of PUBLIC_URL + `/log`); used when the log has no key yet. */
  origin: string;
  /** LOG_KEY_FILE: a PKCS#8 PEM Ed25519 private key; null = generated into dataDir/keys. */
  keyFile: string | null;
  dataDir: string;
}

/** A checkpoint signer as the process holds it: the note key and its log_key row id. */
export interface LogSigner extends NoteSigner {
  readonly rowId: number;
}

export interface LogKeyring {
  /** The key new checkpoints are signed with. */
  current(): LogSigner;
  /** Re-reads the current key after a rotation in another process. */
  reload(): Promise<void>;
}

async function readKeyFile(file: string): Promise<KeyObject> {
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new KeurmerkError(
      'log_key_unusable',
      `log key file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch {
    throw new KeurmerkError(
      'log_key_unusable',
      `log key file ${file} is not an unencrypted PKCS#8 PEM private key.`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new KeurmerkError(
      'log_key_unusable',
      `log key file ${file} holds a ${key.asymmetricKeyType} key; the log signs with Ed25519.`,
    );
  return key;
}

async function loadRef(ref: string, vkey: string): Promise<KeyObject> {
  if (ref === MEMORY_REF) {
    const key = memoryKeys.get(vkey);
    if (!key)
      throw new KeurmerkError(
        'log_key_unusable',
        `the current log key ${vkey} lives in another process's memory.`,
      );
    return key;
  }
  return readKeyFile(ref);
}

function keyDir(dataDir: string): string | null {
  return dataDir.startsWith('memory://') ? null : path.join(dataDir, 'keys');
}

async function lockLogKeys(trx: Transaction<Database>): Promise<void> {
  await sql`select pg_advisory_xact_lock(${LOG_KEY_LOCK})`.execute(trx);
}

/** The log's name: that of its first key (an origin never changes), or the configured origin. */
async function logName(db: Kysely<Database>, configured: string): Promise<string> {
  const first = await db.selectFrom('log_key').select('name').orderBy('id').limit(1).executeTakeFirst();
  return first?.name ?? configured;
}

function currentRow(db: Kysely<Database>): Promise<LogKey | undefined> {
  return db
    .selectFrom('log_key')
    .selectAll()
    .where('retired_at', 'is', null)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/** Records `key` under the log's name as the current key, retiring the others; returns its row id. */
async function install(
  trx: Transaction<Database>,
  signer: NoteSigner,
  ref: string,
  now: Date,
): Promise<number> {
  const vkey = formatVkey(signer);
  const existing = await trx.selectFrom('log_key').select('id').where('vkey', '=', vkey).executeTakeFirst();
  await trx
    .updateTable('log_key')
    .set({ retired_at: now })
    .where('retired_at', 'is', null)
    .where('vkey', '!=', vkey)
    .execute();
  let id: number;
  if (existing) {
    await trx
      .updateTable('log_key')
      .set({ retired_at: null, private_key_ref: ref })
      .where('id', '=', existing.id)
      .execute();
    id = existing.id;
  } else {
    const row = await trx
      .insertInto('log_key')
      .values({
        name: signer.name,
        key_hash: Buffer.from(signer.keyId).toString('hex'),
        public_key: signer.publicKey,
        vkey,
        private_key_ref: ref,
        created_at: now,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    id = row.id;
  }
  await sql`select pg_notify(${LOG_KEYS_CHANNEL}, ${vkey})`.execute(trx);
  return id;
}

async function generate(name: string, dataDir: string): Promise<{ signer: NoteSigner; ref: string }> {
  const { privateKey } = generateKeyPairSync('ed25519');
  const signer = noteSigner(name, privateKey);
  const dir = keyDir(dataDir);
  if (!dir) {
    memoryKeys.set(formatVkey(signer), privateKey);
    return { signer, ref: MEMORY_REF };
  }
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const file = path.join(dir, `log-${Buffer.from(signer.keyId).toString('hex')}.pem`);
  // 0600 from the first byte: created with the mode, never chmod-ed afterwards.
  await fs.writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
  return { signer, ref: file };
}

/**
 * Finds or creates the checkpoint key. A configured LOG_KEY_FILE always becomes the current key
 * (pointing it at a new file is how such an installation rotates); otherwise the current key is
 * loaded from its file, and one is generated only when the log has none.
 */
export async function openLogKeys(db: Kysely<Database>, options: LogKeyOptions): Promise<LogKeyring> {
  async function resolve(): Promise<LogSigner> {
    return inTransaction(db, async (trx) => {
      await lockLogKeys(trx);
      const name = await logName(trx, options.origin);
      if (options.keyFile) {
        const signer = noteSigner(name, await readKeyFile(options.keyFile));
        const row = await currentRow(trx);
        const rowId =
          row?.vkey === formatVkey(signer) ? row.id : await install(trx, signer, options.keyFile, new Date());
        return { ...signer, rowId };
      }
      const row = await currentRow(trx);
      if (row)
        return { ...noteSigner(row.name, await loadRef(row.private_key_ref, row.vkey)), rowId: row.id };
      const { signer, ref } = await generate(name, options.dataDir);
      return { ...signer, rowId: await install(trx, signer, ref, new Date()) };
    });
  }
  let current = await resolve();
  return {
    current: () => current,
    async reload() {
      const row = await currentRow(db);
      if (row && row.id !== current.rowId)
        current = { ...noteSigner(row.name, await loadRef(row.private_key_ref, row.vkey)), rowId: row.id };
    },
  };
}

/** Adds a new current checkpoint key and retires the previous one (which stays published). */
export async function rotateLogKey(
  db: Kysely<Database>,
  options: LogKeyOptions,
  now = new Date(),
): Promise<string> {
  if (options.keyFile)
    throw new KeurmerkError(
      'log_key_unusable',
      'LOG_KEY_FILE is set: rotate by pointing it at a new key file and restarting.',
    );
  return inTransaction(db, async (trx) => {
    await lockLogKeys(trx);
    const { signer, ref } = await generate(await logName(trx, options.origin), options.dataDir);
    await install(trx, signer, ref, now);
    return formatVkey(signer);
  });
}

/** Every checkpoint key the log ever used, current first: what verifiers need. */
export async function logKeyRows(db: Kysely<Database>): Promise<LogKey[]> {
  return db
    .selectFrom('log_key')
    .selectAll()
    .orderBy(sql`retired_at is null`, 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** The verifiers of every key the log ever used. */
export async function logVerifiers(
  db: Kysely<Database>,
): Promise<Array<NoteVerifier & { rowId: number; vkey: string; retired: boolean }>> {
  return (await logKeyRows(db)).map((row) => ({
    rowId: row.id,
    vkey: row.vkey,
    retired: row.retired_at !== null,
    name: row.name,
    keyId: new Uint8Array(Buffer.from(row.key_hash, 'hex')),
    publicKey: new Uint8Array(row.public_key),
  }));
}
