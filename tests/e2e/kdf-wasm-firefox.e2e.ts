import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser as WebExt } from 'webextension-polyfill';
import { type FirefoxExtension, launchFirefox } from './firefox';

/*
 * The vault's Argon2id runs in WebAssembly in Firefox's background page too (MV2 build; its manifest CSP allows
 * 'wasm-unsafe-eval', wxt.config.ts). Seen from an extension page, without a debug hook: the background page's own
 * `WebAssembly.instantiate` (reached through `extension.getBackgroundPage()`) is wrapped, and an unlock must
 * instantiate a module whose memory holds the slot's 64 MiB; the pure-JS fallback would instantiate nothing.
 */
const PASSWORD = 'correct horse battery';
let ff: FirefoxExtension;

beforeAll(async () => {
  ff = await launchFirefox();
});
afterAll(async () => {
  await ff?.close();
});

describe('vault KDF in the Firefox background page', () => {
  it('unlock derives the key in WebAssembly (an instance with the slot memory), and the answer is right', async () => {
    const page = ff.welcome;
    await page.waitForSelector('#new-password');
    await page.type('#new-password', PASSWORD);
    await page.type('#confirm-password', PASSWORD);
    await page.click('#setup button[type=submit]');
    await page.waitForSelector('#add', { timeout: 30_000 });
    const probe = await page.evaluate(async (password) => {
      const { browser } = globalThis as unknown as { browser: WebExt };
      const bg = browser.extension.getBackgroundPage() as unknown as typeof globalThis;
      const instances: WebAssembly.Instance[] = [];
      const wasm = bg.WebAssembly;
      const original = wasm.instantiate.bind(wasm) as (...a: unknown[]) => Promise<unknown>;
      (wasm as unknown as { instantiate: unknown }).instantiate = async (...args: unknown[]) => {
        const result = await original(...args);
        instances.push(
          result instanceof wasm.Instance ? result : (result as { instance: WebAssembly.Instance }).instance,
        );
        return result;
      };
      await browser.runtime.sendMessage({ type: 'vault-lock' });
      const wrong = (await browser.runtime.sendMessage({ type: 'vault-unlock', password: 'not it' })) as {
        ok: boolean;
      };
      const right = (await browser.runtime.sendMessage({ type: 'vault-unlock', password })) as { ok: boolean };
      const sizes = instances.flatMap((i) =>
        Object.values(i.exports)
          .filter((e): e is WebAssembly.Memory => e instanceof wasm.Memory)
          .map((m) => m.buffer.byteLength),
      );
      return { wrong: wrong.ok, right: right.ok, instantiated: instances.length, largest: Math.max(0, ...sizes) };
    }, PASSWORD);
    expect(probe.wrong).toBe(false);
    expect(probe.right).toBe(true);
    expect(probe.instantiated).toBeGreaterThanOrEqual(2);
    expect(probe.largest).toBeGreaterThanOrEqual(64 * 1024 * 1024);
  }, 90_000);
});
