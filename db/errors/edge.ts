import { entry } from './entry.ts';

/** The edge cache in front of the registry: its access log, sent to the registry. */
export const EDGE_ERRORS = {
  edge_log_unreadable: entry(
    400,
    'Unreadable edge log',
    'Dit logbestand van de edge-cache kon niet worden gelezen.',
    'This log batch from the edge cache could not be read.',
    "Ce lot de journal du cache périphérique n'a pas pu être lu.",
  ),
} as const;
