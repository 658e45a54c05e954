import type { Kysely } from 'kysely';
import type { Database } from '../schema/database.ts';
import type { PasskeyDeviceType, PasskeyRow } from '../schema/passkey.table.ts';
import { KeurmerkError, ValidationError } from '../errors.ts';
import { storableText, unstorableText } from '../values/storable-text.ts';

/** Whose passkey: a staff member or a member user. The table holds exactly one of the two ids. */
export type PasskeyOwner = { kind: 'staff'; id: number } | { kind: 'member'; id: number };

/** A passkey as pages and lists show it: no key material. */
export interface PasskeySummary {
  id: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  backedUp: boolean;
  deviceType: PasskeyDeviceType;
}

/** What verification needs of a stored passkey. */
export interface StoredPasskey extends PasskeySummary {
  owner: PasskeyOwner;
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
}

export const PASSKEY_NAME_MAX = 100;

/** A passkey's name as typed by its owner: trimmed, 1 to 100 characters, storable. */
export function passkeyName(value: unknown): string {
  const name = typeof value === 'string' ? value.trim() : '';
  if (name.length === 0 || name.length > PASSKEY_NAME_MAX || unstorableText(name))
    throw new ValidationError('name', `Give the passkey a name of 1 to ${PASSKEY_NAME_MAX} characters.`);
  return storableText(name);
}

const ownerColumn = (owner: PasskeyOwner) => (owner.kind === 'staff' ? 'staff_user_id' : 'member_user_id');

function stored(row: PasskeyRow): StoredPasskey {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    backedUp: row.backed_up,
    deviceType: row.device_type,
    owner:
      row.staff_user_id !== null
        ? { kind: 'staff', id: row.staff_user_id }
        : { kind: 'member', id: row.member_user_id! },
    credentialId: row.credential_id,
    publicKey: row.public_key,
    counter: Number(row.counter),
    transports: row.transports,
  };
}

const summary = ({
  id,
  name,
  createdAt,
  lastUsedAt,
  backedUp,
  deviceType,
}: StoredPasskey): PasskeySummary => ({
  id,
  name,
  createdAt,
  lastUsedAt,
  backedUp,
  deviceType,
});

/** Stores a verified new passkey; a credential id already registered (to anyone) is refused. */
export async function insertPasskey(
  db: Kysely<Database>,
  owner: PasskeyOwner,
  input: {
    credentialId: string;
    publicKey: string;
    counter: number;
    transports: string[];
    deviceType: PasskeyDeviceType;
    backedUp: boolean;
    aaguid: string | null;
    name: string;
    now: Date;
  },
): Promise<PasskeySummary> {
  const row = await db
    .insertInto('passkey')
    .values({
      [ownerColumn(owner)]: owner.id,
      credential_id: input.credentialId,
      public_key: input.publicKey,
      counter: input.counter,
      transports: JSON.stringify(input.transports),
      device_type: input.deviceType,
      backed_up: input.backedUp,
      aaguid: input.aaguid,
      name: passkeyName(input.name),
      created_at: input.now,
    })
    .onConflict((oc) => oc.column('credential_id').doNothing())
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new KeurmerkError('passkey_exists');
  return summary(stored(row));
}

/** A person's passkeys, oldest first. */
export async function listPasskeys(db: Kysely<Database>, owner: PasskeyOwner): Promise<StoredPasskey[]> {
  const rows = await db
    .selectFrom('passkey')
    .selectAll()
    .where(ownerColumn(owner), '=', owner.id)
    .orderBy('id')
    .execute();
  return rows.map(stored);
}

/** How many passkeys a person has. */
export async function countPasskeys(db: Kysely<Database>, owner: PasskeyOwner): Promise<number> {
  const row = await db
    .selectFrom('passkey')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(ownerColumn(owner), '=', owner.id)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** The passkey with this credential id, whoever owns it. */
export async function findPasskey(
  db: Kysely<Database>,
  credentialId: string,
): Promise<StoredPasskey | undefined> {
  if (unstorableText(credentialId)) return undefined;
  const row = await db
    .selectFrom('passkey')
    .selectAll()
    .where('credential_id', '=', credentialId)
    .executeTakeFirst();
  return row ? stored(row) : undefined;
}

/**
 * Records a successful use: the new signature counter and the time. The update only applies while
 * the stored counter is still the one verified against, so two racing uses of one response or of
 * a cloned authenticator cannot both move it (returns false for the loser).
 */
export async function recordPasskeyUse(
  db: Kysely<Database>,
  passkey: StoredPasskey,
  input: { newCounter: number; backedUp: boolean; now: Date },
): Promise<boolean> {
  const result = await db
    .updateTable('passkey')
    .set({ counter: input.newCounter, backed_up: input.backedUp, last_used_at: input.now })
    .where('id', '=', passkey.id)
    .where('counter', '=', passkey.counter)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Renames one of the owner's passkeys; another person's is not found. */
export async function renamePasskey(
  db: Kysely<Database>,
  owner: PasskeyOwner,
  id: number,
  name: unknown,
): Promise<PasskeySummary> {
  const row = await db
    .updateTable('passkey')
    .set({ name: passkeyName(name) })
    .where('id', '=', id)
    .where(ownerColumn(owner), '=', owner.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new KeurmerkError('passkey_not_found');
  return summary(stored(row));
}

/** Removes one of the owner's passkeys; another person's is not found. */
export async function deletePasskey(
  db: Kysely<Database>,
  owner: PasskeyOwner,
  id: number,
): Promise<PasskeySummary> {
  const row = await db
    .deleteFrom('passkey')
    .where('id', '=', id)
    .where(ownerColumn(owner), '=', owner.id)
    .returningAll()
    .executeTakeFirst();
  if (!row) throw new KeurmerkError('passkey_not_found');
  return summary(stored(row));
}

/** Removes every passkey of a person (an admin's reset of a lost second factor); returns how many. */
export async function deleteAllPasskeys(db: Kysely<Database>, owner: PasskeyOwner): Promise<number> {
  const result = await db.deleteFrom('passkey').where(ownerColumn(owner), '=', owner.id).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export { summary as passkeySummary };
