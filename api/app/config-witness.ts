// The witnessing part of the configuration: the C2SP tlog-policy file (the logs this instance
// witnesses, the witnesses it asks and their quorum), the witness key, and the test-only fault.
import fs from 'node:fs';
import { parsePolicy, PolicyError, type LogPolicy } from '../../db/log/witness/policy.ts';
import { ConfigError } from './config-error.ts';

export interface WitnessConfig {
  /** LOG_POLICY_FILE, parsed; null = this instance neither witnesses nor asks witnesses. */
  readonly policy: LogPolicy | null;
  readonly policyFile: string | null;
  /** WITNESS_KEY_FILE: the Ed25519 cosigner key (PKCS#8 PEM); null = generated in DATA_DIR/keys. */
  readonly keyFile: string | null;
  /** How long one add-checkpoint request to a witness may take. */
  readonly timeoutMs: number;
  /**
   * TEST ONLY (LOG_TEST_FAULT=split-view, accepted only with NODE_ENV=test): at start the
   * instance forks its log at the latest checkpoint, publishing a second root for that size.
   */
  readonly testFault: 'split-view' | null;
}

type Env = Readonly<Record<string, string | undefined>>;

const value = (env: Env, name: string) => env[name]?.trim() || null;

function readPolicy(file: string): LogPolicy {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new ConfigError(
      'LOG_POLICY_FILE',
      `${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`,
    );
  }
  try {
    return parsePolicy(text);
  } catch (error) {
    if (error instanceof PolicyError) throw new ConfigError('LOG_POLICY_FILE', `${file} ${error.message}`);
    throw error;
  }
}

/** Reads the witnessing variables; throws a ConfigError naming the variable (and the policy's line). */
export function parseWitnessConfig(env: Env): WitnessConfig {
  const policyFile = value(env, 'LOG_POLICY_FILE');
  const rawTimeout = value(env, 'WITNESS_TIMEOUT');
  if (rawTimeout !== null && !/^(?:[1-9]|[1-5]\d|60)$/.test(rawTimeout))
    throw new ConfigError('WITNESS_TIMEOUT', `expected whole seconds from 1 to 60, got "${rawTimeout}"`);
  const fault = value(env, 'LOG_TEST_FAULT');
  if (fault !== null) {
    if (fault !== 'split-view')
      throw new ConfigError('LOG_TEST_FAULT', `expected split-view, got "${fault}"`);
    // A fault that forks the log must never reach a real deployment.
    if (env['NODE_ENV'] !== 'test')
      throw new ConfigError('LOG_TEST_FAULT', 'is a test-only fault and is refused unless NODE_ENV=test');
  }
  return Object.freeze({
    policy: policyFile === null ? null : readPolicy(policyFile),
    policyFile,
    keyFile: value(env, 'WITNESS_KEY_FILE'),
    timeoutMs: rawTimeout === null ? 10_000 : Number(rawTimeout) * 1000,
    testFault: fault === null ? null : 'split-view',
  });
}
