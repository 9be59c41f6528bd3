#!/usr/bin/env node
// Prints one closing line for the whole suite ("tests: N passed, N failed, N skipped") from the JSON
// reports vitest writes (vitest.config.ts, vitest.e2e.config.ts), so CI logs end with a plain total.
import { existsSync, readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of ['unit', 'e2e']) {
  const file = `.output/test-results/${name}.json`;
  if (!existsSync(file)) {
    console.error(`missing ${file}: did the ${name} tests run?`);
    process.exit(1);
  }
  const r = JSON.parse(readFileSync(file, 'utf8'));
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  skipped += r.numPendingTests + r.numTodoTests;
}
console.log(`tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
