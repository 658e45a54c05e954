import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import Ajv2019 from 'ajv/dist/2019.js';
import addFormats from 'ajv-formats';
// Imported, not read from a path: inside the Astro build this module lives under dist/, where a
// path relative to import.meta.url finds no schema file.
import bundledSchema from './schema/ob-v3p0-achievementcredential-schema.json' with { type: 'json' };

/** The vendored 1EdTech schema (see badges/verify/schema/README.md for its origin). */
export const OB_SCHEMA_PATH = fileURLToPath(
  new URL('./schema/ob-v3p0-achievementcredential-schema.json', import.meta.url),
);

export interface SchemaResult {
  ok: boolean;
  /** Up to five `instancePath: message` lines; empty when valid. */
  errors: string[];
}
export type SchemaValidator = (value: unknown) => SchemaResult;

// Compiling takes ~250 ms, validating microseconds: compile once per schema file per process.
const validators = new Map<string, SchemaValidator>();

/**
 * The Open Badges 3.0 AchievementCredential validator (JSON Schema draft 2019-09, ajv with formats).
 * Loaded from disk, never from the network; call it at start-up to pay the compile cost early.
 */
export function obSchemaValidator(path?: string): SchemaValidator {
  const key = path ?? 'bundled';
  const cached = validators.get(key);
  if (cached) return cached;
  const schema: unknown = path ? JSON.parse(readFileSync(path, 'utf8')) : bundledSchema;
  if (typeof schema !== 'object' || schema === null) throw new Error(`${path} is not a JSON Schema.`);
  // The published schema declares a 2-item tuple with only minItems, which strict mode flags.
  const ajv = new Ajv2019({ strict: true, strictTuples: false, allErrors: false });
  addFormats(ajv);
  const validate = ajv.compile(schema);
  const validator: SchemaValidator = (value) => {
    if (validate(value)) return { ok: true, errors: [] };
    const errors = (validate.errors ?? [])
      .slice(0, 5)
      .map((error) => `${error.instancePath || '/'}: ${error.message ?? error.keyword}`);
    return { ok: false, errors };
  };
  validators.set(key, validator);
  return validator;
}
