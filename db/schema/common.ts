import type { ColumnType } from 'kysely';

/** Texts per language; `nl` and `en` are required for every scheme text, `fr` where the scheme is Belgian. */
export interface LocalisedText {
  nl: string;
  en: string;
  fr?: string;
}

/** jsonb goes in as a JSON string (both drivers accept it) and comes out parsed. */
export type Json<T> = ColumnType<T, string, string>;
/** A timestamptz: read as Date, written as Date or ISO string. */
export type Timestamp = ColumnType<Date, Date | string, Date | string>;
export type GeneratedTimestamp = ColumnType<Date, Date | string | undefined, Date | string>;
