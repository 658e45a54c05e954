import { describe, expect, it } from 'vitest';
import { runNode } from '../../../helpers/server-process.ts';

// api/cli/check-node.mjs runs before every npm script, on whatever `node` npm found first.
describe('check-node.mjs', () => {
  it('says once which Node runs Keurmerk and exits 0 on the pinned Node', async () => {
    const result = await runNode('api/cli/check-node.mjs', ['--announce'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(
      `Keurmerk runs on Node ${process.version} (pinned by the node devDependency).\n`,
    );
    expect(result.stderr).toBe('');
  });

  it('prints nothing without --announce, so a script printing JSON stays JSON', async () => {
    const result = await runNode('api/cli/check-node.mjs', [], {});
    expect(result).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it.each(['v20.20.2', 'v22.11.0'])('explains itself and exits 1 on %s', async (version) => {
    const result = await runNode('api/cli/check-node.mjs', ['--announce'], {
      KEURMERK_CHECK_NODE_VERSION: version,
    });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`Keurmerk needs Node >= 22.12; this is ${version}.`);
    expect(result.stderr).toContain('npm scripts');
  });

  it('accepts 22.12 and newer majors', async () => {
    for (const version of ['v22.12.0', 'v23.0.0', 'v24.21.0'])
      expect(
        (await runNode('api/cli/check-node.mjs', [], { KEURMERK_CHECK_NODE_VERSION: version })).code,
      ).toBe(0);
  });
});
