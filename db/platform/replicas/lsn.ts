/**
 * WAL positions (`pg_lsn`, written `16/B374D848`) as bigints, so they compare and travel as plain
 * values: PostgreSQL prints the high and low 32 bits in hex, separated by a slash.
 */
export type Lsn = bigint;

const LSN_TEXT = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/;

/** The bigint of an LSN as PostgreSQL prints it; null for anything else (a forged cookie, a null). */
export function parseLsn(text: string | null | undefined): Lsn | null {
  const match = text ? LSN_TEXT.exec(text) : null;
  if (!match) return null;
  return (BigInt(`0x${match[1]}`) << 32n) | BigInt(`0x${match[2]}`);
}

/** The LSN in PostgreSQL's own notation. */
export function formatLsn(lsn: Lsn): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}
