import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import { violations } from '../../../scripts/check-boundaries.mjs';

const check = violations as (file: string, source: string) => string[];

describe('import boundaries (scripts/check-boundaries.mjs)', () => {
  it('lets lib/ import lib/ and pure packages', () => {
    expect(
      check('lib/otp/uri.ts', "import { x } from '../encoding/base32';\nimport { hmac } from '@noble/hashes/hmac.js';"),
    ).toEqual([]);
  });
  it('stops lib/ from importing adapters, entry points, UI or browser packages', () => {
    expect(check('lib/otp/x.ts', "import { a } from '../../platform/tabs';")).toHaveLength(1);
    expect(check('lib/x.ts', "import { b } from '../entrypoints/popup/App';")).toHaveLength(1);
    expect(check('lib/x.ts', "import browser from 'webextension-polyfill';")).toHaveLength(1);
    expect(check('lib/x.ts', "const m = await import('wxt/browser');")).toHaveLength(1);
    expect(check('lib/x.ts', "import { render } from 'preact';")).toHaveLength(1);
  });
  it('keeps components presentational', () => {
    expect(check('components/X.tsx', "import { sendRequest } from '../platform/runtime-messaging';")).toHaveLength(1);
    expect(check('components/X.tsx', "import { render } from 'preact';")).toEqual([]);
  });
});

describe('lib/ purity lint rule (biome.json)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'twofold-lint-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function lint(path: string, source: string): { ok: boolean; output: string } {
    mkdirSync(join(dir, path, '..'), { recursive: true });
    writeFileSync(join(dir, path), source);
    copyFileSync(resolve('biome.json'), join(dir, 'biome.json'));
    try {
      execFileSync(resolve('node_modules/.bin/biome'), ['lint', path], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
      return { ok: true, output: '' };
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
    }
  }

  for (const global of ['chrome', 'browser', 'window', 'document', 'navigator', 'indexedDB']) {
    it(`rejects the ${global} global in lib/`, () => {
      const result = lint('lib/probe.ts', `export const probe = () => ${global};\n`);
      expect(result.ok).toBe(false);
      expect(result.output).toContain('noRestrictedGlobals');
    });
  }

  it('allows DOM nodes passed in as arguments, and the globals outside lib/', () => {
    expect(
      lint('lib/probe2.ts', 'export const probe = (root: ParentNode) => root.querySelectorAll("input").length;\n').ok,
    ).toBe(true);
    expect(lint('platform/probe.ts', 'export const probe = () => window.location.href;\n').ok).toBe(true);
  });
});
