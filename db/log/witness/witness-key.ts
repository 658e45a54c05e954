// The witness's own Ed25519 key, kept like the log key but apart from it (a cosigner must not
// share a key with a log): WITNESS_KEY_FILE (PKCS#8 PEM), or DATA_DIR/keys/witness-ed25519.pem
// generated once with mode 0600, or a per-process key for memory:// databases (tests).
import fs from 'node:fs/promises';
import path from 'node:path';
import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { KeurmerkError } from '../../errors.ts';
import { cosigner, type Cosigner } from './cosignature.ts';

export interface WitnessKeyOptions {
  /** The cosigner name: a schema-less URL, e.g. `registry.example/log/witness`. */
  name: string;
  keyFile: string | null;
  dataDir: string;
}

const GENERATED = 'witness-ed25519.pem';

function parsePem(text: string, file: string): KeyObject {
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch {
    throw new KeurmerkError(
      'witness_key_unusable',
      `witness key file ${file} is not an unencrypted PKCS#8 PEM key.`,
    );
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new KeurmerkError(
      'witness_key_unusable',
      `witness key file ${file} holds a ${key.asymmetricKeyType} key; witnesses cosign with Ed25519.`,
    );
  return key;
}

async function readPem(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new KeurmerkError(
      'witness_key_unusable',
      `witness key file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
    );
  }
}

/** Loads (or creates, the first time) the witness key and returns its cosigner. */
export async function loadWitnessKey(options: WitnessKeyOptions): Promise<Cosigner> {
  if (options.keyFile) {
    const text = await readPem(options.keyFile);
    if (text === null)
      throw new KeurmerkError('witness_key_unusable', `witness key file ${options.keyFile} does not exist.`);
    return cosigner(options.name, parsePem(text, options.keyFile));
  }
  if (options.dataDir.startsWith('memory://'))
    return cosigner(options.name, generateKeyPairSync('ed25519').privateKey);
  const dir = path.join(options.dataDir, 'keys');
  const file = path.join(dir, GENERATED);
  const existing = await readPem(file);
  if (existing !== null) return cosigner(options.name, parsePem(existing, file));
  await fs.mkdir(dir, { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('ed25519');
  try {
    // 0600 from the first byte; `wx` so two instances starting at once keep one key.
    await fs.writeFile(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), {
      mode: 0o600,
      flag: 'wx',
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return cosigner(options.name, parsePem((await readPem(file))!, file));
  }
  return cosigner(options.name, privateKey);
}
