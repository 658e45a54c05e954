// The server's entry point: tune the runtime first (a re-exec, before the server's modules are
// loaded), then start. `npm start`, `npm run demo` and the tests all come through here.
import { relaunchTuned } from './runtime-tuning.ts';

relaunchTuned();
await import('./start-server.ts');
