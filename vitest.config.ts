import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      { find: /^mpcheck$/, replacement: fileURLToPath(new URL('./src/index.ts', import.meta.url)) },
      { find: /^mpcheck\/vitest$/, replacement: fileURLToPath(new URL('./src/vitest/index.ts', import.meta.url)) },
    ],
  },
  test: { include: ['test/**/*.test.ts'], testTimeout: 60_000 },
});
