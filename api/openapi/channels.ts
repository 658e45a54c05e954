import { ok, query, readProblems, ref, type Schema } from './builders.ts';

/** "Whose number is this?": the public contact-channel lookup. */
export const channelPaths = {
  '/api/v1/channels/lookup': {
    get: {
      operationId: 'lookUpChannel',
      summary: 'Whose official contact channel is this phone number, e-mail address or web address?',
      description: 'Exactly one of `phone`, `email` or `url`.',
      parameters: [
        query('phone', 'Phone number in any common spelling (at most 40 characters).'),
        query('email', 'E-mail address; its domain is looked up (at most 320 characters).'),
        query('url', 'Web address; its host and parent domains are looked up (at most 2000 characters).'),
      ],
      responses: { '200': ok(ref('ChannelLookup')), '400': readProblems['400'] },
    },
  },
};

export const channelSchemas: Record<string, Schema> = {
  ChannelLookup: {
    type: 'object',
    required: ['query', 'found', 'matches', 'message'],
    properties: {
      query: {
        type: 'object',
        properties: {
          kind: { type: 'string', enum: ['phone', 'email', 'url'] },
          input: { type: 'string' },
          normalised: { type: 'array', items: { type: 'string' } },
        },
      },
      found: { type: 'boolean' },
      matches: {
        type: 'array',
        items: {
          type: 'object',
          properties: {
            kind: { type: 'string' },
            value: { type: 'string' },
            label: { type: ['string', 'null'] },
            match: { type: 'string', enum: ['exact', 'parent_domain'] },
            organisation: { type: 'object' },
            certifications: { type: 'array', items: { type: 'object' } },
          },
        },
      },
      message: { type: 'string' },
    },
  },
};
