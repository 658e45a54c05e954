import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  ERROR_CODES,
  ERROR_LANGS,
  KeurmerkError,
  ValidationError,
  errorMessage,
  problemType,
} from '../../../../db/errors.ts';
import { openApiDocument } from '../../../../api/openapi/document.ts';

const ROOT = join(import.meta.dirname, '../../../..');
const SOURCE_DIRS = ['api', 'badges', 'db', 'site'];
const CATALOGUE_DIR = 'db/errors';

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path === CATALOGUE_DIR ? [] : sourceFiles(path);
    return /\.(ts|astro)$/.test(e.name) ? [path] : [];
  });
}

const params = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

describe('the error catalogue', () => {
  // Everything but the catalogue itself: a code must be made somewhere to earn its entry.
  const source = SOURCE_DIRS.flatMap(sourceFiles)
    .map((file) => readFileSync(join(ROOT, file), 'utf8'))
    .join('\n');

  it.each(ERROR_CODES)('%s is used in the source', (code) => {
    expect(source.includes(`'${code}'`), `no '${code}' outside ${relative(ROOT, CATALOGUE_DIR)}`).toBe(true);
  });

  it.each(ERROR_CODES)('%s has a 4xx/5xx status, a title and a message in every language', (code) => {
    const entry = CATALOGUE[code];
    expect(entry.status).toBeGreaterThanOrEqual(400);
    expect(entry.status).toBeLessThanOrEqual(599);
    expect(entry.title.trim()).not.toBe('');
    for (const lang of ERROR_LANGS) expect(entry.message[lang].trim(), lang).not.toBe('');
    // A parameter named in one language is named in all, so no translation loses it.
    expect(params(entry.message.nl)).toEqual(params(entry.message.en));
    expect(params(entry.message.fr)).toEqual(params(entry.message.en));
  });

  it('is the only place a status is given: no error is made with a status of its own', () => {
    // `new KeurmerkError('code', 409, …)` or `problemResponse(404, …)` would be a second status.
    expect(source).not.toMatch(/new KeurmerkError\(\s*'[a-z_]+',\s*\d{3}\b/);
    expect(source).not.toMatch(/problemResponse\(\s*\d{3}\b/);
    expect(source).not.toMatch(/super\(\s*'?[a-z_]+'?,\s*\d{3}\b/);
  });

  it('documents every code in the OpenAPI document, and nothing else', () => {
    const doc = openApiDocument('https://registry.test') as unknown as {
      components: { schemas: { Problem: { properties: { type: { enum: string[] } } } } };
    };
    const documented = doc.components.schemas.Problem.properties.type.enum;
    expect([...documented].sort()).toEqual(ERROR_CODES.map(problemType).sort());
  });

  it('lists every code once', () => {
    expect(new Set(ERROR_CODES).size).toBe(ERROR_CODES.length);
    expect([...ERROR_CODES].sort()).toEqual(Object.keys(CATALOGUE).sort());
  });

  it('gives status_list_full one status: 503, the registry is out of capacity', () => {
    expect(new KeurmerkError('status_list_full').status).toBe(503);
  });
});

describe('KeurmerkError', () => {
  it('takes its status from the catalogue and its message from the details', () => {
    const error = new KeurmerkError('import_failed', undefined, { errorCount: 3 });
    expect(error).toMatchObject({ code: 'import_failed', status: 422 });
    expect(error.message).toBe('3 row(s) have errors; nothing was imported.');
    expect(error.publicMessage('nl')).toBe('3 regel(s) bevatten fouten; er is niets geïmporteerd.');
  });

  it('keeps a specific English detail apart from the public message', () => {
    const error = new ValidationError('name', 'name is longer than 200 characters.');
    expect(error).toMatchObject({ code: 'validation_failed', status: 400, details: { field: 'name' } });
    expect(error.message).toBe('name is longer than 200 characters.');
    expect(error.publicMessage('fr')).toBe("Le champ name n'est pas valide.");
  });

  it('never shows a raw placeholder when a parameter is missing', () => {
    expect(errorMessage('import_failed', 'en')).toBe('… row(s) have errors; nothing was imported.');
  });
});
