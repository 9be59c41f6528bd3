// Makes a copy of a built extension with the fake navigator.hid injected: the bundle is
// prepended to the service worker script and loaded first by every top-level HTML page.
// Playwright's addInitScript does not reach service workers, hence the file patching.
//
//   const { dir, cleanup } = await extensionWithFakeHid(CHROME_BUILD, { config: { sims: [...] } });
//   const browser = await launchWithExtension(dir);

import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildFakeHidBundle } from './build.mjs';
import type { FakeHidConfig } from './config';

export interface InjectOptions {
  /** The keys and chooser behaviour, as data (see config.ts). */
  config: FakeHidConfig;
  /** Patch the service worker (default true). */
  serviceWorker?: boolean;
  /** Patch the top-level *.html pages (default true). */
  pages?: boolean;
  /** Copy into this directory instead of a fresh temporary one. */
  outDir?: string;
}

export interface InjectedExtension {
  dir: string;
  /** Files that were patched, relative to dir. */
  patched: string[];
  cleanup(): Promise<void>;
}

export const BUNDLE_FILE = 'fake-hid.js';
export const CONFIG_FILE = 'fake-hid-config.js';

/**
 * Defaults for a browser run: grants go over a BroadcastChannel from the pairing page to the
 * service worker and persist in IndexedDB across service-worker restarts.
 */
export function browserConfig(config: FakeHidConfig): FakeHidConfig {
  return { grantChannel: 'twofold-fake-hid', persistGrants: true, ...config };
}

export async function extensionWithFakeHid(srcDir: string, options: InjectOptions): Promise<InjectedExtension> {
  const dir = options.outDir ?? (await mkdtemp(join(tmpdir(), 'twofold-fake-hid-ext-')));
  await cp(srcDir, dir, { recursive: true });
  const bundle = await buildFakeHidBundle();
  const configScript = `globalThis.__twofoldFakeHidConfig = ${JSON.stringify(browserConfig(options.config))};\n`;
  await writeFile(join(dir, BUNDLE_FILE), bundle);
  await writeFile(join(dir, CONFIG_FILE), configScript);
  const patched: string[] = [];

  if (options.serviceWorker ?? true) {
    const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
      background?: { service_worker?: string; type?: string };
    };
    const sw = manifest.background?.service_worker;
    if (sw) {
      const path = join(dir, sw);
      const original = await readFile(path, 'utf8');
      // Classic worker: runs before the extension's code. (A module worker's static imports
      // would still evaluate first; WXT emits a classic IIFE.)
      await writeFile(path, `${configScript}${bundle}\n;\n${original}`);
      patched.push(sw);
    }
  }

  if (options.pages ?? true) {
    const tags = `<script src="/${CONFIG_FILE}"></script><script src="/${BUNDLE_FILE}"></script>`;
    for (const name of await readdir(dir)) {
      if (!name.endsWith('.html')) continue;
      const path = join(dir, name);
      const html = await readFile(path, 'utf8');
      // Classic scripts in <head> run before the pages' (deferred) module scripts.
      const next = /<head[^>]*>/i.test(html) ? html.replace(/<head[^>]*>/i, (m) => `${m}${tags}`) : `${tags}${html}`;
      await writeFile(path, next);
      patched.push(name);
    }
  }

  return {
    dir,
    patched,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
}
