// Filled in with the database templates below; kept so vitest.config.ts stays stable.
export default async function setup(): Promise<void> {}
