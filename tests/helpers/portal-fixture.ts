import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { openDatabase } from '../../db/platform/connection.ts';
import { migrateToLatest } from '../../db/platform/migrate.ts';
import { seedSchemes } from '../../db/seed/scheme-files.ts';
import { prepareMembers, type MemberFixture } from './member-e2e.ts';
import { prepareAdmin, type AdminFixture } from './admin-e2e.ts';

/** The member fixture (A holds an active KSF certification, `publicIdA`) and staff with tokens. */
export interface PortalFixture extends MemberFixture {
  staff: Omit<AdminFixture, 'reg'>;
}

/** An embedded data directory with members of two organisations, A certified, and staff with tokens. */
export async function preparePortalDataDir(dataDir: string): Promise<PortalFixture> {
  const handle = await openDatabase({ databaseUrl: null, dataDir, role: 'test fixture' });
  try {
    await migrateToLatest(handle.db);
    await seedSchemes(handle.db);
    const members = await prepareMembers(handle.db);
    // prepareMembers certifies A (the schemes are seeded above): its publicIdA is the one.
    return { ...members, staff: await prepareAdmin(handle.db) };
  } finally {
    await handle.close();
  }
}

/**
 * A member's own web server, as the domain proof sees it: real HTTP on a loopback address, the
 * file at /.well-known/keurmerk-verification.txt set by the test, every request path noted.
 */
export interface ProofHost {
  readonly address: string;
  readonly port: number;
  /** The allow-list entry (`address:port`) of DOMAIN_PROOF_ALLOW_HOSTS. */
  readonly entry: string;
  readonly requests: string[];
  serve(body: string | null): void;
  close(): Promise<void>;
}

export async function startProofHost(address: string): Promise<ProofHost> {
  let file: string | null = null;
  const requests: string[] = [];
  const sockets = new Set<Socket>();
  const server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    if (req.url === '/.well-known/keurmerk-verification.txt' && file !== null)
      res.writeHead(200, { 'content-type': 'text/plain' }).end(file);
    else res.writeHead(404).end();
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((resolve) => server.listen(0, address, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    address,
    port,
    entry: `${address}:${port}`,
    requests,
    serve(body) {
      file = body;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
