import type { Route } from './route.ts';
import { checkpointHandler, logKeyHandler, tileHandler } from '../handlers/log.ts';
import { consistencyHandler, entryProofHandler } from '../handlers/log-proofs.ts';
import {
  addCheckpointHandler,
  witnessedCheckpointHandler,
  witnessKeyHandler,
} from '../handlers/log-witness.ts';

/** The transparency log: C2SP tlog-tiles under /log/, and proofs under the API. */
export const logRoutes: Route[] = [
  { method: 'GET', path: '/log/checkpoint', group: 'log', handler: checkpointHandler },
  { method: 'GET', path: '/log/key', group: 'log', handler: logKeyHandler },
  { method: 'GET', path: '/log/tile/*path', group: 'log-tiles', handler: tileHandler },
  { method: 'GET', path: '/api/v1/log/proof', group: 'log-proofs', handler: entryProofHandler },
  { method: 'GET', path: '/api/v1/log/consistency', group: 'log-proofs', handler: consistencyHandler },
  // C2SP tlog-witness: this registry witnessing other logs (submission and monitoring prefix /log/witness).
  {
    method: 'POST',
    path: '/log/witness/add-checkpoint',
    group: 'log-witness',
    handler: addCheckpointHandler,
  },
  { method: 'GET', path: '/log/witness/key', group: 'log-witness', handler: witnessKeyHandler },
  {
    method: 'GET',
    path: '/log/witness/:origin/checkpoint',
    group: 'log-witness',
    handler: witnessedCheckpointHandler,
  },
];
