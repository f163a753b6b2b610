// Worker thread entry for the shared component table test: register tsx the way the parallel
// search's worker-entry.mjs does, then run the TypeScript body.
import { register } from 'tsx/esm/api';

register();
await import('./shared-table-worker.ts');
