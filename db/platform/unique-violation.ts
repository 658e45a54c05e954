import { KeurmerkError } from '../errors.ts';

// PostgreSQL's SQLSTATE for unique_violation; PGlite reports the same code, constraint and table.
const UNIQUE_VIOLATION = '23505';

// Constraints a person can run into, named by the input field the API and forms use. Others
// fall back to the constraint's own columns (its name without the table prefix and `_key`).
const FIELDS: Readonly<Record<string, string>> = {
  organisation_country_registry_id_key: 'registryId',
  organisation_slug_key: 'slug',
  organisation_domain_hostname_key: 'hostname',
  contact_channel_kind_value_key: 'channels',
  certification_one_open: 'scheme',
  certification_public_id_key: 'publicId',
  staff_user_email_key: 'email',
};

function fieldOf(constraint: string, table: string): string {
  const known = FIELDS[constraint];
  if (known) return known;
  const bare = constraint.startsWith(`${table}_`) ? constraint.slice(table.length + 1) : constraint;
  return bare.replace(/_(key|idx|unique)$/, '') || 'value';
}

/**
 * The `conflict` error (409) for a unique violation from pg or PGlite, naming the field, or null
 * for any other error. Checks before inserts cannot see a concurrent transaction's rows, so two
 * racing writers end here instead of in a 500.
 */
export function uniqueViolation(error: unknown): KeurmerkError | null {
  if (typeof error !== 'object' || error === null) return null;
  const { code, constraint, table } = error as { code?: unknown; constraint?: unknown; table?: unknown };
  if (code !== UNIQUE_VIOLATION) return null;
  const field = fieldOf(
    typeof constraint === 'string' ? constraint : '',
    typeof table === 'string' ? table : '',
  );
  return new KeurmerkError('conflict', undefined, { field });
}
