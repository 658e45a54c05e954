import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServerProcess, type ServerProcess } from '../../helpers/server-process.ts';
import { adminCall, getPage, postForm } from '../../helpers/admin-e2e.ts';
import {
  preparePortalDataDir,
  startProofHost,
  type PortalFixture,
  type ProofHost,
} from '../../helpers/portal-fixture.ts';

// Issue 16 item 3 through a running server: a member asks for a domain, serves the token on a
// real local web server (allow-listed, as only tests and development may), and the proof moves
// it into the domains that count; failures show their reason, a second try within the minute is
// refused without a fetch, staff approve or refuse requests, and another organisation sees none
// of it.

const tokenOf = (html: string, host: string): string => {
  const found = new RegExp(`data-token="${host.replace(/\./g, '\\.')}">([^<]+)<`).exec(html);
  if (!found) throw new Error(`no token for ${host} on the page`);
  return found[1]!;
};

describe('domains with proof of control (running server)', () => {
  let dataDir: string;
  let server: ServerProcess;
  let fx: PortalFixture;
  let wrong: ProofHost;
  let right: ProofHost;
  const page = (slug = fx.slugA) => `/en/member/org/${slug}/domains`;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'keurmerk-domains-'));
    fx = await preparePortalDataDir(dataDir);
    // Two "member web servers" on loopback addresses: one host name each, as the registry sees them.
    [wrong, right] = await Promise.all([startProofHost('127.0.0.2'), startProofHost('127.0.0.4')]);
    server = await startServerProcess({
      DATA_DIR: dataDir,
      DOMAIN_PROOF_ALLOW_HOSTS: `${wrong.entry},${right.entry}`,
    });
  }, 120_000);
  afterAll(async () => {
    await server?.stop('SIGKILL');
    await Promise.all([wrong?.close(), right?.close()]);
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  const post = async (form: Record<string, string>, cookie = fx.cookies.ownerA, slug = fx.slugA) => {
    const r = await postForm(server.url, page(slug), form, cookie);
    return { status: r.status, html: await r.text() };
  };
  const claimId = (html: string, host: string): string => {
    const found = new RegExp(`id="claim-(\\d+)">${host.replace(/\./g, '\\.')}<`).exec(html);
    if (!found) throw new Error(`no request for ${host}`);
    return found[1]!;
  };

  it('a wrong file fails with its reason; a second try within the minute is refused without a fetch', async () => {
    const added = await post({ action: 'add', hostname: 'HTTP://127.0.0.2/some/path' });
    expect(added.status).toBe(200);
    expect(added.html).toContain('Domain requested.');
    const token = tokenOf(added.html, '127.0.0.2');
    expect(token).toMatch(/^keurmerk-verification=[\w-]{43}$/);
    expect(added.html).toContain(`http://${wrong.entry}/.well-known/keurmerk-verification.txt`);
    wrong.serve('keurmerk-verification=not-the-token\n');
    const id = claimId(added.html, '127.0.0.2');

    const first = await post({ action: 'prove', claim: id });
    expect(first.status).toBe(422);
    expect(first.html).toContain('Not proven: the file does not hold the right line.');
    expect(wrong.requests).toEqual(['/.well-known/keurmerk-verification.txt']);

    wrong.serve(`${token}\n`);
    const second = await post({ action: 'prove', claim: id });
    expect(second.status).toBe(429);
    expect(second.html).toContain('checked less than a minute ago');
    expect(wrong.requests).toHaveLength(1);
    // Still not a domain that counts.
    expect(second.html).toMatch(/No domains yet\./);
  });

  it('the right file proves the domain: it counts at once and the request is gone', async () => {
    const added = await post({ action: 'add', hostname: '127.0.0.4' });
    const id = claimId(added.html, '127.0.0.4');
    const token = tokenOf(added.html, '127.0.0.4');
    // Each claim has its own token: the other host's proves nothing here.
    expect(token).not.toBe(tokenOf(added.html, '127.0.0.2'));
    right.serve(`\n  ${token}  \r\nanything else\n`);
    const proven = await post({ action: 'prove', claim: id });
    expect(proven.status, proven.html).toBe(200);
    expect(proven.html).toContain('Proven: the domain counts now.');
    expect(proven.html).not.toContain('id="claim-' + id + '"');
    expect(right.requests).toEqual(['/.well-known/keurmerk-verification.txt']);
    const org = await adminCall(server.url, 'GET', `/organisations/${fx.slugA}`, fx.staff.tokens.viewer);
    expect(org.body.domains.map((d: { hostname: string }) => d.hostname)).toEqual(['127.0.0.4']);
    // Asking again for a domain that counts already is refused.
    expect((await post({ action: 'add', hostname: '127.0.0.4' })).status).toBe(409);
  });

  it('another organisation cannot see, prove, withdraw or approve A’s requests (404)', async () => {
    const mine = await getPage(server.url, page(), fx.cookies.ownerA);
    const id = claimId(mine.html, '127.0.0.2');
    for (const action of ['prove', 'review', 'withdraw'])
      expect((await post({ action, claim: id }, fx.cookies.ownerB, fx.slugB)).status, action).toBe(404);
    expect((await getPage(server.url, page(), fx.cookies.ownerB)).status).toBe(404);
    expect((await post({ action: 'prove', claim: id }, fx.cookies.ownerB)).status).toBe(404);
    const other = await adminCall(
      server.url,
      'POST',
      `/organisations/${fx.slugB}/domain-requests/${id}/approve`,
      fx.staff.tokens.admin,
      {},
    );
    expect(other.status).toBe(404);
  });

  it('staff approve a request through the admin API (and refuse another); viewers may not', async () => {
    const added = await post({ action: 'add', hostname: 'shop.alfa.test' });
    const id = claimId(added.html, 'shop.alfa.test');
    const asked = await post({ action: 'review', claim: id });
    expect(asked.html).toContain('Request sent to the association.');
    const listed = await adminCall(
      server.url,
      'GET',
      `/organisations/${fx.slugA}/domain-requests`,
      fx.staff.tokens.viewer,
    );
    expect(listed.status).toBe(200);
    expect(listed.body.requests.map((r: { hostname: string }) => r.hostname)).toEqual(['shop.alfa.test']);
    const path = `/organisations/${fx.slugA}/domain-requests/${id}/approve`;
    expect((await adminCall(server.url, 'POST', path, fx.staff.tokens.viewer, {})).status).toBe(403);
    const approved = await adminCall(server.url, 'POST', path, fx.staff.tokens.assessor, {});
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body).toEqual({ hostname: 'shop.alfa.test' });
    const org = await adminCall(server.url, 'GET', `/organisations/${fx.slugA}`, fx.staff.tokens.viewer);
    expect(org.body.domains.map((d: { hostname: string }) => d.hostname)).toContain('shop.alfa.test');

    const other = await post({ action: 'add', hostname: 'nep.alfa.test' });
    const otherId = claimId(other.html, 'nep.alfa.test');
    await post({ action: 'review', claim: otherId });
    const refused = await adminCall(
      server.url,
      'POST',
      `/organisations/${fx.slugA}/domain-requests/${otherId}/refuse`,
      fx.staff.tokens.admin,
      {},
    );
    expect(refused.status).toBe(200);
    const after = await getPage(server.url, page(), fx.cookies.ownerA);
    expect(after.html).toContain('The association did not approve this domain.');
    expect(
      (
        await adminCall(
          server.url,
          'GET',
          `/organisations/${fx.slugA}/domain-requests`,
          fx.staff.tokens.viewer,
        )
      ).body.requests,
    ).toEqual([]);
  });

  it('removing a domain is immediate', async () => {
    const removed = await post({ action: 'remove', hostname: 'shop.alfa.test' });
    expect(removed.status).toBe(200);
    expect(removed.html).toContain('Domain removed; it no longer counts.');
    const org = await adminCall(server.url, 'GET', `/organisations/${fx.slugA}`, fx.staff.tokens.viewer);
    expect(org.body.domains.map((d: { hostname: string }) => d.hostname)).not.toContain('shop.alfa.test');
  });

  it('bad input is refused with a clear error and changes nothing', async () => {
    const bad = await post({ action: 'add', hostname: 'not a host!' });
    expect(bad.status).toBe(400);
    expect(bad.html).toContain('role="alert"');
    expect((await post({ action: 'prove', claim: 'abc' })).status).toBe(404);
    expect((await post({ action: 'nonsense' })).status).toBe(400);
  });
});
