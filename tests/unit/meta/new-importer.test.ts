import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { planImporter, ScaffoldError, writePlan } from '../../../scripts/new-importer';

/*
 * `npm run new:importer` (docs/contributing.md "An importer"): run into a copy of the files it edits, so the
 * repository itself is never touched.
 */
const EDITED = ['lib/import/types.ts', 'lib/import/importers.ts', 'tests/unit/import/registry.test.ts'];
const root = mkdtempSync(join(tmpdir(), 'new-importer-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
for (const path of EDITED) cpSync(path, join(root, path));

describe('new:importer', () => {
  it('plans without writing: the real repository is only read', () => {
    const plan = planImporter('.', 'acme-auth', 'Acme Authenticator');
    expect(plan.map((f) => `${f.action} ${f.path}`)).toEqual([
      'create lib/import/formats/acme-auth.ts',
      'update lib/import/types.ts',
      'update lib/import/importers.ts',
      'update tests/unit/import/registry.test.ts',
      'create tests/fixtures/import/acme-auth/SOURCE.md',
      'create tests/unit/import/acme-auth.test.ts',
    ]);
    expect(existsSync('lib/import/formats/acme-auth.ts')).toBe(false);
    expect(readFileSync('lib/import/types.ts', 'utf8')).not.toContain("'acme-auth'");
  });

  it('writes the module, its registry entries, the fixture folder and a test of todos', () => {
    writePlan(root, planImporter(root, 'acme-auth', 'Acme Authenticator'));
    const read = (path: string) => readFileSync(join(root, path), 'utf8');

    const module = read('lib/import/formats/acme-auth.ts');
    expect(module).toContain('export const acmeAuthImporter: Importer = {');
    expect(module).toContain("id: 'acme-auth',");
    expect(module).toContain("app: plain('Acme Authenticator'),");
    expect(module).toContain("throw new ImportError('unsupported',");
    expect(read('lib/import/types.ts')).toMatch(/\| '[a-z0-9-]+'\n {2}\| 'acme-auth';/);
    const list = read('lib/import/importers.ts');
    expect(list).toContain("import { acmeAuthImporter } from './formats/acme-auth';");
    // Before the generic URI lists, which would claim anything with otpauth:// lines.
    expect(list.indexOf('  acmeAuthImporter,')).toBeLessThan(list.indexOf('  googleAuthenticatorImporter,'));
    expect(read('tests/unit/import/registry.test.ts')).toContain("  'acme-auth': 'acme-auth',\n};");
    expect(read('tests/fixtures/import/acme-auth/SOURCE.md')).toMatch(/^# Acme Authenticator fixtures/);
    const test = read('tests/unit/import/acme-auth.test.ts');
    expect(test).toContain('it.todo(');
    expect(test).toContain('expect(acmeAuthImporter.detect(file)).toBe(false);');

    for (const path of ['lib/import/formats/acme-auth.ts', 'tests/unit/import/acme-auth.test.ts']) {
      const out = ts.transpileModule(read(path), { reportDiagnostics: true, fileName: path });
      expect(out.diagnostics ?? []).toEqual([]);
    }
  });

  it('refuses a format that exists, and a name that is not a format id', () => {
    expect(() => planImporter(root, 'acme-auth')).toThrow(ScaffoldError);
    expect(() => planImporter('.', 'proton')).toThrow('lib/import/formats/proton.ts exists already.');
    expect(() => planImporter('.', 'Acme_Auth')).toThrow(/is not a format id/);
    expect(() => planImporter('.', 'acme', "Acme's")).toThrow(/quotes/);
  });
});
