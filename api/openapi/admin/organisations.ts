import { CHANNEL_KINDS, COUNTRIES } from '../../../db/vocabulary.ts';
import { field, reason, type BodySchema } from './fields.ts';

const channel = {
  kind: field('string', undefined, { enum: [...CHANNEL_KINDS] }),
  value: field('string'),
  label: field('string'),
};

const organisation = {
  legalName: field('string'),
  tradeNames: field('array', undefined, { items: field('string') }),
  country: field('string', undefined, { enum: [...COUNTRIES] }),
  registryId: field('string', 'KvK number (NL, 8 digits) or enterprise number (BE, 10 digits, mod 97).'),
  city: field('string'),
  website: field('string'),
  sector: field('string'),
  outsourcedContactCentre: field('boolean'),
  domains: field('array', undefined, { items: field('string') }),
  channels: field('array', undefined, { items: { type: 'object', properties: channel } }),
};

/** Request bodies of the organisation operations, by operation name. */
export const organisationBodies: Record<string, BodySchema> = {
  'organisation.create': {
    required: ['legalName', 'country', 'registryId', 'city'],
    properties: organisation,
  },
  'organisation.update': { properties: organisation },
  'organisation.domain_add': { required: ['hostname'], properties: { hostname: field('string') } },
  'organisation.channel_add': { required: ['kind', 'value'], properties: channel },
  'organisation.merge': {
    required: ['into', 'reason'],
    properties: { into: field('string', 'Slug of the organisation to keep.'), reason },
  },
};
