import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVerifyServer, type VerifyServer } from '../../helpers/verify-fixture.ts';

// The verify API's refusals, against the real server process: a full parsing queue answers 503
// at once, and a client network past its allowance gets 429 on the API and the /verify form
// alike. One worker, one waiting place and six requests a minute make both easy to reach.

let ctx: VerifyServer;
beforeAll(async () => {
  ctx = await startVerifyServer({ VERIFY_WORKERS: '1', VERIFY_QUEUE: '1', VERIFY_RATE_LIMIT: '6' });
});
afterAll(async () => {
  await ctx?.close();
});

const post = (body: string, type: string) =>
  fetch(`${ctx.server.url}/api/v1/verify`, { method: 'POST', headers: { 'content-type': type }, body });

async function expectProblem(response: Response, status: number, code: string): Promise<void> {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  expect(await response.json()).toMatchObject({ type: `https://keurmerk.dev/problems/${code}`, status });
}

describe('verify limits', () => {
  it(
    'answers 503 verify_busy with Retry-After when the parsing queue is full',
    { timeout: 120_000 },
    async () => {
      // Each file keeps the one worker busy for a while; one may wait, the rest are refused.
      const attrs = Array.from({ length: 15_000 }, (_, i) => `a${i}="1"`).join(' ');
      const slow = `<svg xmlns="http://www.w3.org/2000/svg"><g ${attrs}/></svg>`;
      const responses = await Promise.all(Array.from({ length: 4 }, () => post(slow, 'image/svg+xml')));
      const busy = responses.filter((r) => r.status === 503);
      expect(busy.length).toBeGreaterThanOrEqual(1);
      expect(responses.filter((r) => r.status === 200).length).toBeGreaterThanOrEqual(1);
      await expectProblem(busy[0]!, 503, 'verify_busy');
    },
  );

  it('answers 429 rate_limited with Retry-After past the allowance, on the API and the form', async () => {
    // Four requests of the six were spent above; the bucket refills one every ten seconds.
    const statuses: number[] = [];
    let limited: Response | undefined;
    for (let i = 0; i < 6 && !limited; i++) {
      const response = await post(ctx.fixture.tokens.active, 'text/plain');
      statuses.push(response.status);
      if (response.status === 429) limited = response;
      else await response.arrayBuffer();
    }
    expect(statuses[0]).toBe(200);
    expect(limited, `statuses: ${statuses.join(' ')}`).toBeDefined();
    await expectProblem(limited!, 429, 'rate_limited');

    const form = await fetch(`${ctx.server.url}/en/verify`, {
      method: 'POST',
      body: new URLSearchParams({ token: ctx.fixture.tokens.active }),
      headers: { origin: ctx.server.url },
    });
    expect(form.status).toBe(429);
    expect(Number(form.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await form.text()).toContain('Too many checks were made from your network');
  });
});
