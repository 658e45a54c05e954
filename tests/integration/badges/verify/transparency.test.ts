import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { runNode } from '../../../helpers/server-process.ts';
import { DIALECTS, openTestDatabase, type TestDatabase } from '../../../helpers/databases.ts';
import { pendingCertification } from '../../../helpers/fixtures.ts';
import { referenceOpenCheckpoint, referenceVerifyInclusion } from '../../../helpers/tlog-reference.ts';
import { grant } from '../../../../db/certification/transitions.ts';
import { findCertificationView } from '../../../../db/certification/verify-lookup.ts';
import { registryOnlyReport } from '../../../../badges/verify/service.ts';
import { withTransparency } from '../../../../badges/verify/transparency.ts';
import { sequenceBatch } from '../../../../db/log/sequencer.ts';
import { makeCheckpoint } from '../../../../db/log/checkpoints.ts';
import { openLogKeys } from '../../../../db/log/log-key.ts';
import { logOrigin } from '../../../../db/log/checkpoint.ts';
import { certificationTransparency } from '../../../../badges/verify/transparency.ts';
import { createCheckpointCache } from '../../../../db/log/checkpoint-cache.ts';
import { createFullTileCache } from '../../../../db/log/full-tile-cache.ts';
import { createLogProver } from '../../../../db/log/prover.ts';

const PUBLIC_URL = 'https://keurmerk.test';

/** A c2sp.org/tlog-proof@v1 text, read by the spec (tlog-proof.md), not by the project's parser. */
function readProof(text: string): { index: number; hashes: Buffer[]; checkpoint: string } {
  const [header, indexLine, ...rest] = text.split('\n');
  expect(header).toBe('c2sp.org/tlog-proof@v1');
  const index = Number(/^index (\d+)$/.exec(indexLine!)![1]);
  const blank = rest.indexOf('');
  return {
    index,
    hashes: rest.slice(0, blank).map((h) => Buffer.from(h, 'base64')),
    checkpoint: rest.slice(blank + 1).join('\n'),
  };
}

describe.each(DIALECTS)('the transparency_log check on %s', (kind) => {
  let h: TestDatabase;
  const verdict = async (publicId: string) =>
    withTransparency(
      registryOnlyReport(await findCertificationView(h.db, publicId, new Date()), new Date()),
      h.db,
      PUBLIC_URL,
    );
  beforeAll(async () => {
    h = await openTestDatabase(kind);
  });
  afterAll(async () => {
    await h.close();
  });

  it('says nothing of an application, "pending inclusion" until a checkpoint, then proves inclusion', async () => {
    const c = await pendingCertification(h.db);
    const application = await verdict(c.public_id);
    expect(application.transparencyLog).toBeUndefined();
    expect(application.checks.map((x) => x.name)).not.toContain('transparency_log');

    await grant(h.db, c.public_id, { actor: 't', reason: 'toegekend' });
    const queued = await verdict(c.public_id);
    expect(queued).toMatchObject({
      verdict: 'valid',
      transparencyLog: { state: 'pending', index: null, treeSize: null, proof: null },
    });
    expect(queued.checks.at(-1)).toMatchObject({
      name: 'transparency_log',
      ok: true,
      detail: expect.stringContaining('pending inclusion'),
    });

    while ((await sequenceBatch(h.db))!.added > 0);
    // The verify page asks through the server's in-memory prover: the same answers.
    const prover = createLogProver(h.db, createCheckpointCache(h.db), createFullTileCache());
    const page = () => certificationTransparency(h.db, c.public_id, PUBLIC_URL, prover);
    const numbered = await verdict(c.public_id);
    expect(await page()).toEqual(numbered.transparencyLog);
    expect(numbered.transparencyLog).toMatchObject({
      state: 'pending',
      index: expect.any(Number),
      proof: null,
    });

    const keys = await openLogKeys(h.db, {
      origin: logOrigin(PUBLIC_URL),
      keyFile: null,
      dataDir: 'memory://',
    });
    await makeCheckpoint(h.db, keys.current());
    const included = await verdict(c.public_id);
    expect(included.verdict).toBe('valid');
    const log = included.transparencyLog!;
    expect(await page()).toEqual(log);
    expect(log).toMatchObject({ state: 'included', index: numbered.transparencyLog!.index });
    expect(included.checks.at(-1)!.detail).toContain(`entry ${log.index} `);
    expect(included.checks.at(-1)!.detail).toContain(`checkpoint of size ${log.treeSize}`);

    // The downloadable proof holds up under a verifier written from RFC 9162 and the C2SP texts.
    const proof = readProof(log.proof!);
    const key = await h.db
      .selectFrom('log_key')
      .select('vkey')
      .where('retired_at', 'is', null)
      .executeTakeFirstOrThrow();
    const checkpoint = referenceOpenCheckpoint(proof.checkpoint, key.vkey);
    expect(checkpoint).toMatchObject({ origin: 'keurmerk.test/log', size: log.treeSize });
    const entry = await h.db
      .selectFrom('log_entry')
      .select('entry')
      .where('index', '=', log.index!)
      .executeTakeFirstOrThrow();
    expect(JSON.parse(Buffer.from(entry.entry).toString())).toMatchObject({
      type: 'certification_granted',
      public_id: c.public_id,
    });
    const leaf = createHash('sha256').update(Buffer.of(0)).update(entry.entry).digest();
    expect(referenceVerifyInclusion(proof.index, checkpoint.size, leaf, proof.hashes, checkpoint.root)).toBe(
      true,
    );
  });

  it('a stored entry changed after its checkpoint makes the verdict invalid', async () => {
    const c = await pendingCertification(h.db);
    await grant(h.db, c.public_id, { actor: 't', reason: 'toegekend' });
    while ((await sequenceBatch(h.db))!.added > 0);
    const keys = await openLogKeys(h.db, {
      origin: logOrigin(PUBLIC_URL),
      keyFile: null,
      dataDir: 'memory://',
    });
    await makeCheckpoint(h.db, keys.current());
    expect((await verdict(c.public_id)).transparencyLog!.state).toBe('included');
    const row = await h.db
      .selectFrom('log_entry')
      .select(['index', 'entry'])
      .where('subject', '=', c.public_id)
      .executeTakeFirstOrThrow();
    const forged = Buffer.from(Buffer.from(row.entry).toString().replace('"active"', '"revoked"'));
    await h.db.updateTable('log_entry').set({ entry: forged }).where('index', '=', row.index).execute();
    const tampered = await verdict(c.public_id);
    expect(tampered).toMatchObject({ verdict: 'invalid', transparencyLog: { state: 'proof_failed' } });
    expect(tampered.checks.at(-1)).toMatchObject({ name: 'transparency_log', ok: false });
  });

  it('npm run verify checks the saved proof offline with the log key, and refuses a tampered entry', async () => {
    const c = await pendingCertification(h.db);
    await grant(h.db, c.public_id, { actor: 't', reason: 'toegekend' });
    while ((await sequenceBatch(h.db))!.added > 0);
    const keys = await openLogKeys(h.db, {
      origin: logOrigin(PUBLIC_URL),
      keyFile: null,
      dataDir: 'memory://',
    });
    await makeCheckpoint(h.db, keys.current());
    const log = (await verdict(c.public_id)).transparencyLog!;
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-proof-'));
    try {
      const key = await h.db
        .selectFrom('log_key')
        .select('vkey')
        .where('retired_at', 'is', null)
        .executeTakeFirstOrThrow();
      await fs.writeFile(path.join(dir, 'proof.txt'), log.proof!);
      await fs.writeFile(path.join(dir, 'entry.json'), log.entry!);
      await fs.writeFile(path.join(dir, 'log.key'), `${key.vkey}\n`);
      const run = (entry: string, keyArg = path.join(dir, 'log.key'), json = false) =>
        runNode(
          'api/cli/verify.ts',
          [
            '--log-proof',
            path.join(dir, 'proof.txt'),
            '--log-entry',
            path.join(dir, entry),
            '--log-key',
            keyArg,
            ...(json ? ['--json'] : []),
          ],
          {},
        );
      const good = await run('entry.json');
      expect(good, good.stderr).toMatchObject({ code: 0 });
      expect(good.stdout).toContain(
        `INCLUDED: entry ${log.index} is in the checkpoint of size ${log.treeSize} signed by keurmerk.test/log`,
      );
      const asJson = await run('entry.json', key.vkey, true);
      expect(JSON.parse(asJson.stdout)).toEqual({
        ok: true,
        index: log.index,
        treeSize: log.treeSize,
        signedBy: ['keurmerk.test/log'],
      });
      await fs.writeFile(path.join(dir, 'forged.json'), log.entry!.replace('"active"', '"revoked"'));
      const forged = await run('forged.json');
      expect(forged.code).toBe(1);
      expect(forged.stdout).toContain('NOT PROVED: the inclusion proof does not lead to the checkpoint root');
      const wrongKey = await run('entry.json', 'keurmerk.test/log+00000000+AQ==');
      expect(wrongKey.code).toBe(2);
      const help = await runNode('api/cli/verify.ts', ['--help'], {});
      expect(help.stdout).toContain('--log-proof FILE');
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
