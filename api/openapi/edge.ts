import { ok, problem, ref, type Schema } from './builders.ts';

/** The edge cache's access log, sent back to the registry so misuse signals survive the cache. */
export const edgePaths = {
  '/api/v1/edge/log': {
    post: {
      operationId: 'ingestEdgeLog',
      summary: "Send a batch of the edge cache's access log (badge path, Referer, time per line)",
      description:
        'For the operator of the edge cache in front of the registry, with `Authorization: Bearer ' +
        'EDGE_LOG_TOKEN` (without the variable set, the path answers 404). One request per line: the ' +
        'NCSA combined format (varnishncsa by default, nginx `combined`) or a JSON object per line ' +
        '(`path`|`url`|`ClientRequestURI`, `referer`|`ClientRequestReferer`, `time`|`timestamp`|' +
        '`EdgeStartTimestamp` as RFC 3339 or Unix seconds, milliseconds or nanoseconds). Client ' +
        'addresses are never read. Badge requests feed the same misuse signals, with the same caps, ' +
        'as requests the registry answers itself. At most 4 MB and 50,000 lines per batch.',
      security: [{ edgeLogToken: [] }],
      requestBody: {
        required: true,
        content: {
          'text/plain': { schema: { type: 'string', description: 'Combined-format or JSON lines' } },
          'application/x-ndjson': { schema: { type: 'string', description: 'JSON lines' } },
        },
      },
      responses: {
        '200': ok(ref('EdgeLogOutcome')),
        '400': problem('edge_log_unreadable: not UTF-8, too many lines, or no line readable (errors listed)'),
        '401': problem('unauthenticated: no or wrong bearer token'),
        '404': problem('not_found: EDGE_LOG_TOKEN is not configured'),
        '413': problem('Body larger than 4 MB'),
        '415': problem('Unsupported media type'),
      },
    },
  },
};

export const edgeSchemas: Record<string, Schema> = {
  EdgeLogOutcome: {
    type: 'object',
    required: ['lines', 'badges', 'ignored', 'rejected', 'errors'],
    properties: {
      lines: { type: 'integer', description: 'Non-blank lines in the batch' },
      badges: { type: 'integer', description: 'Requests of registry badges handed to the misuse signals' },
      ignored: { type: 'integer', description: 'Readable lines that are no request of a registry badge' },
      rejected: { type: 'integer', description: 'Unreadable lines' },
      errors: {
        type: 'array',
        description: 'The first 20 unreadable lines, by line number (from 1)',
        items: {
          type: 'object',
          required: ['line', 'reason'],
          properties: { line: { type: 'integer' }, reason: { type: 'string' } },
        },
      },
    },
  },
};

export const EDGE_SECURITY_SCHEMES = {
  edgeLogToken: { type: 'http', scheme: 'bearer', description: 'EDGE_LOG_TOKEN' },
};
