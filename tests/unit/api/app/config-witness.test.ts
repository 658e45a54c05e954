import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateKeyPairSync } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../../api/app/config.ts';
import { cosigner, formatCosignerVkey } from '../../../../db/log/witness/cosignature.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'keurmerk-policy-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function policyFile(text: string): string {
  const file = path.join(dir, `policy-${Math.random().toString(36).slice(2)}.txt`);
  fs.writeFileSync(file, text);
  return file;
}

function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('accepted');
}

describe('witness configuration', () => {
  const vkey = formatCosignerVkey(
    cosigner('w.example/log/witness', generateKeyPairSync('ed25519').privateKey),
  );

  it('reads LOG_POLICY_FILE into the policy; none by default', () => {
    expect(loadConfig({}).witness).toMatchObject({
      policy: null,
      keyFile: null,
      testFault: null,
      timeoutMs: 10_000,
    });
    const file = policyFile(`# ours\nwitness W ${vkey} https://w.example/log/witness\nquorum W\n`);
    const config = loadConfig({ LOG_POLICY_FILE: file, WITNESS_TIMEOUT: '3' });
    expect(config.witness.policy?.witnesses.map((w) => [w.name, w.url])).toEqual([
      ['W', 'https://w.example/log/witness'],
    ]);
    expect(config.witness.timeoutMs).toBe(3000);
  });

  it('stops start-up naming the variable, the file and the line', () => {
    const file = policyFile(`quorum none\n\nwitness W ${vkey}\ngroup G any X\n`);
    const error = refusal({ LOG_POLICY_FILE: file });
    expect(error.variable).toBe('LOG_POLICY_FILE');
    expect(error.message).toBe(`LOG_POLICY_FILE: ${file} line 4: "X" is not defined on a line above`);
    expect(refusal({ LOG_POLICY_FILE: path.join(dir, 'missing.txt') }).message).toMatch(
      /cannot be read \(ENOENT\)/,
    );
    expect(refusal({ WITNESS_TIMEOUT: '0' }).variable).toBe('WITNESS_TIMEOUT');
  });

  it('accepts the split-view fault only with NODE_ENV=test', () => {
    expect(refusal({ LOG_TEST_FAULT: 'split-view' }).message).toMatch(/test-only.*NODE_ENV=test/);
    expect(refusal({ LOG_TEST_FAULT: 'split-view', NODE_ENV: 'production' }).variable).toBe('LOG_TEST_FAULT');
    expect(refusal({ LOG_TEST_FAULT: 'other', NODE_ENV: 'test' }).variable).toBe('LOG_TEST_FAULT');
    expect(loadConfig({ LOG_TEST_FAULT: 'split-view', NODE_ENV: 'test' }).witness.testFault).toBe(
      'split-view',
    );
  });
});
