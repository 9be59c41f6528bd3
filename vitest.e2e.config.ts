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
    // Three files at a time on the CI machine's 2 cores: most of an end-to-end test is waiting (a site's late render, a
    // clipboard clear, an automatic-fill interval, a page's timers), so three browsers share the cores well, and the
    // suite fits CI's 20 minutes. Each file has its own browser, profile and test-site ports.
    // TWOFOLD_E2E_WORKERS=1 runs them one by one.
    fileParallelism: true,
    maxWorkers: Number(process.env.TWOFOLD_E2E_WORKERS ?? 3),
  },
});
