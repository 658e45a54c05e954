/** URL slug from a name: accents folded, anything else non-alphanumeric becomes a hyphen. */
export function slugify(name: string): string {
  return (
    name
      .normalize('NFKD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60)
      .replace(/-+$/, '') || 'organisation'
  );
}

/** Organisation slugs carry the national id, so they are unique and stable without a lookup. */
export function organisationSlug(name: string, registryId: string): string {
  return `${slugify(name)}-${registryId}`;
}
