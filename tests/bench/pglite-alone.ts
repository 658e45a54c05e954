import { openDatabase } from '../../db/platform/connection.ts';

// The embedded database engine's own share of an embedded server's memory: a bare Node process
// that opens a PGlite data directory as the server does and reads from it, nothing else.
// Prints the resident set in MB before and after, as JSON. Used by `npm run bench -- badges`.
const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: pglite-alone.ts DATA_DIR');
const rssMb = () => process.memoryUsage.rss() / 1048576;
(globalThis as { gc?: () => void }).gc?.();
const before = rssMb();
const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'bench' });
await handle.db.selectFrom('organisation').select('id').limit(10).execute();
await handle.db.selectFrom('certification').select('id').limit(10).execute();
// For a few hundred ms after the first queries the process holds several hundred MB more (the
// engine's WebAssembly being compiled); what it keeps is read once that has settled.
await new Promise((resolve) => setTimeout(resolve, 3_000));
(globalThis as { gc?: () => void }).gc?.();
const opened = rssMb();
await handle.close();
process.stdout.write(`${JSON.stringify({ before, opened })}\n`);
