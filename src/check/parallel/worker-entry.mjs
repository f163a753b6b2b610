// Worker thread entry: load TypeScript the way bin/mpcheck.js does, then run the worker.
import { register as registerHook } from 'node:module';
import { register } from 'tsx/esm/api';

registerHook('../../../bin/resolve-self.js', import.meta.url);
register();
await import('./worker.ts');
