import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/*
 * `npm run new:importer -- <id> [--app "App name"] [--dry-run]`: the skeleton of a new importer, laid out
 * as docs/contributing.md "An importer" describes. It writes the module (lib/import/formats/<id>.ts), its
 * registry entry (the FormatId in lib/import/types.ts, the IMPORTERS list in lib/import/importers.ts and the
 * fixture folder's format in tests/unit/import/registry.test.ts), the fixture folder's SOURCE.md and a test
 * file whose tests are `todo` until the reader exists. The skeleton
 * claims no file (detect() answers false), so nothing changes for users until it is implemented.
 */

export interface PlannedFile {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  /** 'create' for a new file, 'update' for an existing one rewritten with the entry added. */
  action: 'create' | 'update';
  content: string;
}

export class ScaffoldError extends Error {}

const ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;

/** "acme-auth" -> "acmeAuthImporter" */
export function importerName(id: string): string {
  return `${id.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase())}Importer`;
}

/** "acme-auth" -> "Acme Auth", the app's name until the caller gives the real one. */
function defaultApp(id: string): string {
  return id
    .split('-')
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join(' ');
}

/** The files the scaffold would write for `id`, read against the repository at `root`; nothing is written. */
export function planImporter(root: string, id: string, app = defaultApp(id)): PlannedFile[] {
  if (!ID.test(id))
    throw new ScaffoldError(`"${id}" is not a format id: lower-case words joined by "-" ("acme-auth").`);
  if (/['\\\n]/.test(app)) throw new ScaffoldError('The app name may not hold quotes, backslashes or line breaks.');
  const read = (path: string) => readFileSync(join(root, path), 'utf8');
  const name = importerName(id);
  const module = `lib/import/formats/${id}.ts`;
  const fixtures = `tests/fixtures/import/${id}/SOURCE.md`;
  const test = `tests/unit/import/${id}.test.ts`;
  for (const path of [module, fixtures, test])
    if (existsSync(join(root, path))) throw new ScaffoldError(`${path} exists already.`);

  const typesPath = 'lib/import/types.ts';
  const types = read(typesPath);
  const union = /export type FormatId =\n((?: {2}\| '[a-z0-9-]+'\n)*?(?: {2}\| '[a-z0-9-]+'));/.exec(types);
  if (!union) throw new ScaffoldError(`${typesPath}: the FormatId union is not where the scaffold expects it.`);
  if (union[1]?.includes(`'${id}'`)) throw new ScaffoldError(`"${id}" is a FormatId already.`);
  const newTypes = types.replace(union[0], `export type FormatId =\n${union[1]}\n  | '${id}';`);

  const listPath = 'lib/import/importers.ts';
  const list = read(listPath);
  // The generic formats stay last: a new, specific format goes before the URI lists (see IMPORTERS' comment).
  const anchor = '  googleAuthenticatorImporter,\n';
  const lastImport = "import type { Importer } from './types';";
  if (!list.includes(anchor) || !list.includes(lastImport))
    throw new ScaffoldError(`${listPath}: the IMPORTERS list is not where the scaffold expects it.`);
  const imports = [...list.matchAll(/^import .*;$/gm)].map((m) => m[0]);
  const ours = `import { ${name} } from './formats/${id}';`;
  const sorted = [...imports.filter((l) => l !== lastImport), ours].sort(byPath);
  const newList = list
    .replace(imports.join('\n'), [...sorted, lastImport].join('\n'))
    .replace(anchor, `  ${name},\n${anchor}`);

  // The registry test maps each fixture folder to the format its files must be detected as.
  const registryTestPath = 'tests/unit/import/registry.test.ts';
  const registryTest = read(registryTestPath);
  const dirs = /const FORMAT_OF_DIR: Record<string, string> = \{\n[^}]*\n\};/.exec(registryTest);
  if (!dirs) throw new ScaffoldError(`${registryTestPath}: FORMAT_OF_DIR is not where the scaffold expects it.`);
  const key = /^[a-z][a-z0-9]*$/.test(id) ? id : `'${id}'`;
  const newRegistryTest = registryTest.replace(dirs[0], dirs[0].replace(/\n\};$/, `\n  ${key}: '${id}',\n};`));

  return [
    { path: module, action: 'create', content: moduleText(id, name, app) },
    { path: typesPath, action: 'update', content: newTypes },
    { path: listPath, action: 'update', content: newList },
    { path: registryTestPath, action: 'update', content: newRegistryTest },
    { path: fixtures, action: 'create', content: sourceText(id, app) },
    { path: test, action: 'create', content: testText(id, name) },
  ];
}

/** Import lines ordered by their module path, as Biome orders them. */
function byPath(a: string, b: string): number {
  const from = (line: string) => /from '([^']+)'/.exec(line)?.[1] ?? '';
  return from(a) < from(b) ? -1 : from(a) > from(b) ? 1 : 0;
}

/** Writes a plan under `root`. */
export function writePlan(root: string, plan: readonly PlannedFile[]): void {
  for (const file of plan) {
    const path = join(root, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, file.content);
  }
}

export function nextSteps(id: string): string[] {
  return [
    `Put sample exports in tests/fixtures/import/${id}/ and say in its SOURCE.md where they come from.`,
    `Implement detect() and read() in lib/import/formats/${id}.ts; its messages go in locales/<lang>/import.json (all four languages).`,
    `Turn the todo tests in tests/unit/import/${id}.test.ts into real ones, and replace "claims no file".`,
    `Move its entry in lib/import/importers.ts to where its detection belongs (most specific first).`,
    `Add the format to docs/import-export.md (what it carries, how it is encrypted).`,
  ];
}

function moduleText(id: string, name: string, app: string): string {
  return `import { plain } from '../text';
import { type Detection, ImportError, type Importer, type SniffedFile } from '../types';

/*
 * ${app} export: not implemented yet (made by \`npm run new:importer\`). Say here what the file looks like and
 * cite the app's public source or documentation it follows, with its commit (docs/contributing.md).
 */

/** Whether the file is this format; false until the format is known. */
function looksLike(_file: SniffedFile): boolean {
  return false;
}

export const ${name}: Importer = {
  id: '${id}',
  app: plain('${app}'), // i18n-ignore: the app's name
  carries: [],
  detect(file): Detection | false {
    return looksLike(file) ? { encrypted: false } : false;
  },
  async read() {
    // Never shown: detect() claims no file until the reader exists.
    throw new ImportError('unsupported', plain('${app}: not implemented')); // i18n-ignore: see above
  },
};
`;
}

function sourceText(id: string, app: string): string {
  return `# ${app} fixtures

Sample exports for \`lib/import/formats/${id}.ts\`. For each file: how it was made (the app and its version, or
the script in this folder that writes it), what it holds, and the public source its shape follows. All accounts
are made up; use the RFC 4226/6238 seeds as secrets.
`;
}

function testText(id: string, name: string): string {
  return `import { describe, expect, it } from 'vitest';
import { ${name} } from '../../../lib/import/formats/${id}';
import { sniffFile } from '../../../lib/import/sniff';

describe('${id} importer', () => {
  it('claims no file until it is implemented', () => {
    const file = sniffFile('export.json', new TextEncoder().encode('{"entries":[]}'));
    expect(${name}.detect(file)).toBe(false);
  });
  it.todo('recognises its exports in tests/fixtures/import/${id}/ and no other format');
  it.todo('reads every account of the fixtures, with the codes the independent otpauth library computes');
  it.todo('lists a damaged or unsupported entry as a problem and reads the rest');
  it.todo('never throws anything but ImportError on mutated files (fast-check)');
});
`;
}

if (process.argv[1] && pathToFileURL(resolve(process.argv[1])).href === import.meta.url) {
  const args = process.argv.slice(2);
  const dryRun = args.includes('--dry-run');
  const appAt = args.indexOf('--app');
  const app = appAt >= 0 ? args[appAt + 1] : undefined;
  const id = args.find((a, i) => !a.startsWith('--') && (appAt < 0 || i !== appAt + 1));
  if (!id) {
    console.error('Usage: npm run new:importer -- <id> [--app "App name"] [--dry-run]');
    process.exit(2);
  }
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  try {
    const plan = planImporter(root, id, app);
    if (!dryRun) writePlan(root, plan);
    for (const f of plan) console.info(`${dryRun ? 'would ' : ''}${f.action} ${f.path}`);
    console.info('\nNext steps:');
    for (const step of nextSteps(id)) console.info(`- ${step}`);
  } catch (e) {
    if (!(e instanceof ScaffoldError)) throw e;
    console.error(e.message);
    process.exit(1);
  }
}
