import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../../../api/openapi/document.ts';
import { ASSURANCE_LEVELS, PUBLIC_STATUSES, CHANGE_KINDS } from '../../../../db/vocabulary.ts';
import { OpenApiValidator } from '../../../helpers/openapi-validator.ts';

// The served document as a whole, and the validator the e2e walks hold responses to.

const doc = openApiDocument('https://registry.test');
const validator = new OpenApiValidator(doc as never);
const problem = { type: 'https://keurmerk.dev/problems/not_found', title: 'Not found', status: 404 };

describe('the OpenAPI document', () => {
  it('compiles every JSON response schema (every $ref resolves)', () => {
    let compiled = 0;
    for (const [template, operations] of Object.entries(doc.paths))
      for (const [method, operation] of Object.entries(operations as Record<string, any>))
        for (const [code, response] of Object.entries(operation.responses as Record<string, any>))
          for (const type of Object.keys(response.content ?? {}).filter((t) => t.endsWith('json'))) {
            const found = validator.problems(method, template, {
              status: Number(code),
              contentType: type,
              body: {},
            });
            expect(found.join('\n'), `${method} ${template} ${code}`).not.toMatch(
              /not documented|can't resolve/,
            );
            compiled++;
          }
    expect(compiled).toBeGreaterThan(100);
  });

  it('takes its enums from db/vocabulary.ts', () => {
    const schemas = doc.components.schemas as Record<string, any>;
    const core = schemas['Certification'].allOf[0].properties;
    // Applications and refusals are private: the read API only ever shows the public statuses.
    expect(core.status.enum).toEqual([...PUBLIC_STATUSES]);
    expect(core.assuranceLevel.enum).toEqual([...ASSURANCE_LEVELS]);
    expect(schemas['Change'].properties.kind.enum).toEqual([...CHANGE_KINDS]);
  });
});

describe('OpenApiValidator', () => {
  const template = '/api/v1/certifications/{publicId}';

  it('finds the template of a concrete path, literal paths first', () => {
    expect(validator.templateFor('/api/v1/certifications/abcd2345?x=1')).toBe(template);
    expect(validator.templateFor('/api/v1/channels/lookup')).toBe('/api/v1/channels/lookup');
    expect(validator.templateFor('/search')).toBeUndefined();
  });

  it('accepts a documented problem and refuses what the document does not say', () => {
    const json = 'application/problem+json';
    expect(validator.problems('GET', template, { status: 404, contentType: json, body: problem })).toEqual(
      [],
    );
    expect(validator.problems('GET', template, { status: 500, contentType: json, body: problem })).toEqual([
      `GET ${template}: status 500 is not documented`,
    ]);
    expect(
      validator.problems('GET', template, { status: 404, contentType: 'text/html', body: '' })[0],
    ).toMatch(/content type "text\/html" is not documented/);
    expect(
      validator.problems('GET', template, {
        status: 404,
        contentType: json,
        body: { ...problem, status: '404' },
      }),
    ).toHaveLength(1);
    // A problem type the error catalogue does not know is not documented either.
    expect(
      validator.problems('GET', template, {
        status: 404,
        contentType: json,
        body: { ...problem, type: 'https://keurmerk.dev/problems/no_such_code' },
      }),
    ).toHaveLength(1);
    expect(
      validator.problems('GET', template, {
        status: 200,
        contentType: 'application/json',
        body: { publicId: 'NOT AN ID', status: 'dormant' },
      }),
    ).toHaveLength(2);
    expect(() =>
      validator.assert('DELETE', template, { status: 200, contentType: null, body: null }),
    ).toThrow(/not in the document/);
  });
});
