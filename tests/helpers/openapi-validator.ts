import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

// Holds the served OpenAPI document to what the server really answers: every status a test
// receives must be documented for its operation, and every JSON body (problem+json included)
// must validate against the documented schema. OpenAPI 3.1 schemas are JSON Schema 2020-12.

/** A response as a test received it: status, Content-Type and the body (parsed JSON or text). */
export interface ReceivedResponse {
  status: number;
  contentType: string | null;
  body: unknown;
}

interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, ResponseObject> }>>;
}
interface ResponseObject {
  content?: Record<string, { schema?: object }>;
}

const DOC_ID = 'https://keurmerk.test/openapi.json';
const pointer = (...parts: string[]) =>
  parts.map((p) => p.replace(/~/g, '~0').replace(/\//g, '~1')).join('/');

/** Checks received responses against one OpenAPI 3.1 document. */
export class OpenApiValidator {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();
  private readonly templates: Array<{ template: string; pattern: RegExp }>;
  private readonly doc: OpenApiDocument;

  constructor(doc: OpenApiDocument) {
    this.doc = doc;
    addFormats.default(this.ajv);
    // The whole document is one schema resource, so `#/components/schemas/…` refs resolve in it.
    this.ajv.addSchema({ ...doc, $id: DOC_ID });
    // Literal paths first, so `/channels/lookup` is not taken for a `{param}` template.
    this.templates = Object.keys(doc.paths)
      .sort((a, b) => (a.match(/\{/g)?.length ?? 0) - (b.match(/\{/g)?.length ?? 0))
      .map((template) => ({
        template,
        pattern: new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+').replace(/\./g, '\\.')}$`),
      }));
  }

  /** The path template that a concrete path (query string allowed) falls under, if any. */
  templateFor(path: string): string | undefined {
    const bare = path.split('?')[0]!;
    return this.templates.find((t) => t.pattern.test(bare))?.template;
  }

  /** What is wrong with `response` for `method` on `template`; empty when it matches the document. */
  problems(method: string, template: string, response: ReceivedResponse): string[] {
    const operation = this.doc.paths[template]?.[method.toLowerCase()];
    if (!operation) return [`${method} ${template} is not in the document`];
    const code = String(response.status);
    const documented = operation.responses?.[code] ?? operation.responses?.['default'];
    if (!documented) return [`${method} ${template}: status ${code} is not documented`];
    const mediaType = (response.contentType ?? '').split(';')[0]!.trim().toLowerCase();
    const content = documented.content ?? {};
    if (Object.keys(content).length === 0) return [];
    const key = code in (operation.responses ?? {}) ? code : 'default';
    if (!(mediaType in content))
      return [`${method} ${template} ${code}: content type "${mediaType}" is not documented`];
    if (!content[mediaType]!.schema || !/json$/.test(mediaType)) return [];
    const validate = this.validator(template, method.toLowerCase(), key, mediaType);
    if (validate(response.body)) return [];
    return (validate.errors ?? []).map(
      (e) => `${method} ${template} ${code}: body${e.instancePath} ${e.message} (${e.schemaPath})`,
    );
  }

  /** Throws, naming every disagreement, unless `response` matches the document. */
  assert(method: string, template: string, response: ReceivedResponse): void {
    const found = this.problems(method, template, response);
    if (found.length > 0)
      throw new Error(`Response disagrees with the OpenAPI document:\n${found.join('\n')}`);
  }

  /**
   * Reads a fetched response (from a clone, so the caller may still read it) and asserts it
   * against `template`, by default the one its URL path falls under. Undescribed paths throw.
   */
  async check(
    method: string,
    path: string,
    response: Response,
    template = this.templateFor(path),
  ): Promise<void> {
    if (!template) throw new Error(`${method} ${path} is not described by the OpenAPI document`);
    const contentType = response.headers.get('content-type');
    const text = await response.clone().text();
    const body = /json/.test(contentType ?? '') && text !== '' ? JSON.parse(text) : text;
    this.assert(method, template, { status: response.status, contentType, body });
  }

  private validator(template: string, method: string, code: string, mediaType: string): ValidateFunction {
    const ref = `${DOC_ID}#/${pointer('paths', template, method, 'responses', code, 'content', mediaType, 'schema')}`;
    let validate = this.compiled.get(ref);
    if (!validate) {
      validate = this.ajv.compile({ $ref: ref });
      this.compiled.set(ref, validate);
    }
    return validate;
  }
}

/** Fetches the document a running server publishes and builds a validator for it. */
export async function servedOpenApiValidator(baseUrl: string): Promise<OpenApiValidator> {
  const response = await fetch(`${baseUrl}/api/v1/openapi.json`);
  if (!response.ok) throw new Error(`GET /api/v1/openapi.json answered ${response.status}`);
  return new OpenApiValidator((await response.json()) as OpenApiDocument);
}
