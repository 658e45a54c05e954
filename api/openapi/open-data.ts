import { ok } from './builders.ts';

/** This document and the whole-registry downloads. */
export const openDataPaths = {
  '/api/v1/openapi.json': {
    get: { operationId: 'openApi', summary: 'This document', responses: { '200': ok({ type: 'object' }) } },
  },
  '/open-data/registry.json': {
    get: {
      operationId: 'downloadJson',
      summary: 'Whole registry as JSON (streamed)',
      responses: { '200': ok({ type: 'object' }) },
    },
  },
  '/open-data/registry.csv': {
    get: {
      operationId: 'downloadCsv',
      summary: 'Whole registry as CSV, one row per certification (streamed)',
      responses: { '200': { description: 'OK', content: { 'text/csv': { schema: { type: 'string' } } } } },
    },
  },
};
