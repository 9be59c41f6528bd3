import { defineConfig } from 'vitest/config';

// Unit tests: pure core and the test site, in Node. E2E lives in vitest.e2e.config.ts.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/site/**/*.test.ts', 'tests/vectors/**/*.test.ts'],
    environment: 'node',
    // A hang guard, not a speed check (speed is `npm run bench`): property tests and key derivations take a few
    // seconds on a 2-core machine that is also building, and 5 s made them fail for load alone.
    testTimeout: 30_000,
    reporters: ['default', 'json'],
    outputFile: { json: '.output/test-results/unit.json' },
  },
});
