import { defineConfig } from 'vitest/config';

// Unit tests: pure core and the test site, in Node. E2E lives in vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/site/**/*.test.ts', 'tests/vectors/**/*.test.ts'],
    environment: 'node',
    reporters: ['default', 'json'],
    outputFile: { json: '.output/test-results/unit.json' },
  },
});
