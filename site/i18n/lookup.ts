/** A string table: for every key, its text in every language of the table. */
export type StringTable<K extends string, L extends string> = Readonly<
  Record<K, Readonly<Record<L, string>>>
>;

/**
 * The text for `key` in `lang` with `{name}` placeholders filled in; a placeholder without a value
 * stays visible as `{name}` so a missing value shows on the page instead of vanishing. The one
 * lookup behind the public (`t`), verify (`vt`) and admin (`at`) texts.
 */
export function lookup<K extends string, L extends string>(
  table: StringTable<K, L>,
  lang: L,
  key: K,
  values: Record<string, string | number> = {},
): string {
  const template: string = table[key][lang];
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}

/** Whether a key built from data (e.g. `status.${status}`) is in the table. */
export function hasKey<K extends string>(table: Readonly<Record<K, unknown>>, key: string): key is K {
  return Object.hasOwn(table, key);
}
