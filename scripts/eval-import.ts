/*
 * npm run eval:import -- DIR [--skip-heavy]
 *
 * Imports every file listed in DIR/expected.json and in every DIR/<folder>/expected.json (paths relative to the
 * folder; lines name files as <folder>/<path>) with the extension's own importers (lib/import/),
 * compares the entries (matched by secret bytes) and the code each yields at check_time_unix, prints
 * one line per file and, last, one JSON object:
 * {"files":{"of","exact","partial","failed"},"entries":{"of","matched","code_ok"},"expect_error":{"of","refused"}}.
 * --skip-heavy leaves out files marked heavy (Ente's 1 GiB Argon2id).
 */
import { resolve } from 'node:path';
import { evaluateCorpus } from './import-eval';

const args = process.argv.slice(2);
const dir = args.find((a) => !a.startsWith('--'));
if (!dir) {
  console.error('usage: npm run eval:import -- DIR [--skip-heavy]');
  process.exit(2);
}
const summary = await evaluateCorpus(resolve(dir), { skipHeavy: args.includes('--skip-heavy') }, (line) =>
  console.log(line),
);
console.log(JSON.stringify(summary));
