// Entry of a swarm worker thread: load TypeScript the way bin/mpcheck.js does (tsx, and the
// hook that resolves 'mpcheck' to this copy), then run the worker proper.
import { register as registerHook } from 'node:module';
import { register } from 'tsx/esm/api';

registerHook('../../bin/resolve-self.js', import.meta.url);
register();
await import('./swarm-worker.ts');
