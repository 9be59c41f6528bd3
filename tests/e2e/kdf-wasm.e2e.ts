/// <reference types="chrome" />
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { createVault, currentWorker, openPopup, PASSWORD, unlock } from './popup-driver';

/*
 * The vault's Argon2id runs in WebAssembly inside the MV3 service worker (lib/vault/kdf.ts): the extension CSP
 * (wxt.config.ts) allows 'wasm-unsafe-eval', so the pure-JS fallback is not used there. Seen from outside, without a
 * debug hook: the worker's own `WebAssembly.instantiate` is wrapped, and an unlock must instantiate a module whose
 * memory holds the slot's 64 MiB (hash-wasm sizes it to the Argon2 memory plus one block), while the pure-JS path
 * would instantiate nothing.
 */
let browser: ExtensionBrowser;
beforeAll(async () => {
  browser = await launchWithExtension();
});
afterAll(async () => {
  await browser?.close();
});

interface Probe {
  instantiated: number;
  largestMemoryBytes: number;
}

describe('vault KDF in the Chromium service worker', () => {
  it('unlock derives the key in WebAssembly (an instance with the slot memory), and the answer is right', async () => {
    const popup = await openPopup(browser);
    await createVault(popup);
    await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'vault-lock' }));
    const worker = await currentWorker(browser);
    await worker.evaluate(() => {
      const g = globalThis as unknown as { __kdfProbe: { instances: WebAssembly.Instance[] } };
      g.__kdfProbe = { instances: [] };
      const original = WebAssembly.instantiate.bind(WebAssembly) as (...a: unknown[]) => Promise<unknown>;
      (WebAssembly as unknown as { instantiate: unknown }).instantiate = async (...args: unknown[]) => {
        const result = await original(...args);
        const instance =
          result instanceof WebAssembly.Instance ? result : (result as { instance: WebAssembly.Instance }).instance;
        g.__kdfProbe.instances.push(instance);
        return result;
      };
    });
    const wrong = await popup.evaluate(() =>
      chrome.runtime.sendMessage({ type: 'vault-unlock', password: 'not the password' }),
    );
    expect(wrong?.ok).toBe(false);
    const reply = await popup.evaluate(
      (password) => chrome.runtime.sendMessage({ type: 'vault-unlock', password }),
      PASSWORD,
    );
    expect(reply?.ok).toBe(true);
    const probe = await worker.evaluate((): Probe => {
      const { instances } = (globalThis as unknown as { __kdfProbe: { instances: WebAssembly.Instance[] } }).__kdfProbe;
      const sizes = instances.flatMap((i) =>
        Object.values(i.exports)
          .filter((e): e is WebAssembly.Memory => e instanceof WebAssembly.Memory)
          .map((m) => m.buffer.byteLength),
      );
      return { instantiated: instances.length, largestMemoryBytes: Math.max(0, ...sizes) };
    });
    // Two derivations (the wrong password, then the right one), each its own hash-wasm instance or more.
    expect(probe.instantiated).toBeGreaterThanOrEqual(2);
    expect(probe.largestMemoryBytes).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    const state = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'vault-state' }));
    expect(JSON.stringify(state)).toContain('"unlocked"');
  }, 60_000);

  it('after wrong passwords the unlock screen says how long to wait, and refuses even the right password until then', async () => {
    const popup = await openPopup(browser);
    await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'vault-lock' }));
    // Five free wrong passwords, then three more each after its wait (1 s, 2 s, 4 s): the wait is now 8 s, time
    // enough for the popup to be reloaded and the right password typed inside it.
    let wrongs = 0;
    while (wrongs < 8) {
      const reply = await popup.evaluate(
        (n) => chrome.runtime.sendMessage({ type: 'vault-unlock', password: `wrong ${n}` }),
        wrongs,
      );
      expect(reply?.ok).toBe(false);
      if (reply?.code === 'wrong-password') wrongs++;
      else {
        expect(reply?.code).toBe('throttled');
        const seconds = Number(/(\d+) s/.exec(String(reply?.error))?.[1]);
        await popup.waitForTimeout(seconds * 1000 + 100);
      }
    }
    await popup.reload();
    await unlock(popup, PASSWORD);
    await expect
      .poll(() => popup.locator('#unlock-error').textContent(), { timeout: 10_000 })
      .toMatch(/Too many wrong passwords\. Try again in [1-8] s\./);
    const state = await popup.evaluate(() => chrome.runtime.sendMessage({ type: 'vault-state' }));
    expect(JSON.stringify(state)).toContain('"locked"');
  }, 60_000);
});
