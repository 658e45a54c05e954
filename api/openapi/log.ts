import { ok, problem, query, readProblems, type Schema } from './builders.ts';

/** A whole-number query parameter from 0. */
const count = (name: string, description: string, required: boolean) => ({
  ...query(name, description, { type: 'integer', minimum: 0 }),
  required,
});

const notReady = { '503': problem('The log has no signed checkpoint yet') };

/**
 * Proofs of the transparency log. The log itself (checkpoint, key, tiles, entry bundles) is served
 * as C2SP tlog-tiles under /log/ and described by that specification, not here.
 */
export const logPaths = {
  '/api/v1/log/proof': {
    get: {
      operationId: 'getLogInclusionProof',
      summary: 'Inclusion proof of one log entry, as c2sp.org/tlog-proof@v1 text',
      description:
        'The text format of https://c2sp.org/tlog-proof: `c2sp.org/tlog-proof@v1`, `index N`, the RFC 6962 ' +
        'inclusion proof (base64 hashes, leaf sibling first), an empty line, then the latest signed ' +
        'checkpoint verbatim. Verify it with the log key of `/log/key` and origin `<host>/log`.',
      parameters: [count('index', 'Index of the entry, from 0.', true)],
      responses: {
        '200': {
          description: 'The proof against the latest checkpoint',
          content: { 'text/plain': { schema: { type: 'string' } } },
        },
        ...readProblems,
        ...notReady,
      },
    },
  },
  '/api/v1/log/consistency': {
    get: {
      operationId: 'getLogConsistencyProof',
      summary: 'Consistency proof between two tree sizes (RFC 9162 §2.1.4)',
      description:
        'Proves that the tree of size `from` is a prefix of the tree of size `to` (default: the latest ' +
        'checkpoint). Empty when `from` is 0 or equals `to`. Take both roots from checkpoints you verified.',
      parameters: [
        count('from', 'From tree size.', true),
        count('to', 'To tree size; at most the latest checkpoint size.', false),
      ],
      responses: { '200': ok({ $ref: '#/components/schemas/LogConsistency' }), ...readProblems, ...notReady },
    },
  },
};

export const logSchemas: Record<string, Schema> = {
  LogConsistency: {
    type: 'object',
    required: ['from', 'to', 'proof', 'checkpoint'],
    properties: {
      from: { type: 'integer', minimum: 0 },
      to: { type: 'integer', minimum: 0 },
      proof: {
        type: 'array',
        items: { type: 'string', contentEncoding: 'base64' },
        description: 'SHA-256 hashes, base64, in RFC 9162 order.',
      },
      checkpoint: {
        type: ['string', 'null'],
        description: 'The signed checkpoint of size `to`, when one was made at that size.',
      },
    },
  },
};
