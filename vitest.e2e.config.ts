import { defineConfig } from 'vitest/config';

// End-to-end: a real Chromium (Debian's, or $CHROMIUM_PATH) with the built extension loaded.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    environment: 'node',
    reporters: ['default', 'json'],
    outputFile: { json: '.output/test-results/e2e.json' },
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // One browser at a time: the CI machine has 2 cores.
    fileParallelism: false,
  },
});
