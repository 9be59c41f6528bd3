/// <reference types="chrome" />
import { launchWithExtension } from '../tests/e2e/browser';
import { openPopup, PASSWORD } from '../tests/e2e/popup-driver';
import { addVirtualAuthenticator, webAuthnSession } from '../tests/e2e/virtual-authenticator';
import { createVaultWithAccounts } from './vault-accounts';

export interface PrfUnlockBench {
  accounts: number;
  /** Lock, then: the WebAuthn get with the PRF evaluation and the `vault-unlock-prf` request, end to end. */
  unlockMs: number[];
}

/**
 * Unlocking by a passkey or security key with `count` accounts in real Chromium (goal: under 150 ms excluding
 * the touch). A DevTools Protocol virtual authenticator (CTAP2, hmac-secret as `hasPrf`, user verification and
 * presence simulated) answers at once, so the figure is Twofold's part: the page's `navigator.credentials.get` with
 * `evalByCredential` (as platform/webauthn.ts `getPrfOutput` asks) and the background's HKDF, unwrap and the opening
 * of every record. The key is added through the Settings panel, as a person adds one.
 */
export async function benchPrfUnlock(count = 1000, runs = 7): Promise<PrfUnlockBench> {
  const browser = await launchWithExtension();
  try {
    const tab = await openPopup(browser);
    await createVaultWithAccounts(tab, count);

    await addVirtualAuthenticator(await webAuthnSession(tab));
    await tab.goto(`chrome-extension://${browser.extensionId}/options.html#security-keys`);
    await tab.fill('#security-key-name', 'Bench key');
    await tab.fill('#security-key-password', PASSWORD);
    await tab.click('#security-key-add-button');
    await tab.locator('#security-key-add-result').waitFor({ timeout: 60_000 });

    // tsx (esbuild, keepNames) wraps the helpers below in `__name(…)`, which the page does not have.
    await tab.evaluate('globalThis.__name = (f) => f');
    const unlockMs = await tab.evaluate(async (n) => {
      const b64 = (s: string) =>
        Uint8Array.from(atob(s.replaceAll('-', '+').replaceAll('_', '/')), (x) => x.charCodeAt(0));
      const url = (bytes: Uint8Array) =>
        btoa(String.fromCharCode(...bytes))
          .replaceAll('+', '-')
          .replaceAll('/', '_')
          .replaceAll('=', '');
      const times: number[] = [];
      for (let i = 0; i < n; i++) {
        await chrome.runtime.sendMessage({ type: 'vault-lock' });
        const t0 = performance.now();
        const listed = await chrome.runtime.sendMessage({ type: 'vault-prf-credentials' });
        const credentials = listed.value.credentials as { credentialId: string; prfSalt: string }[];
        const got = (await navigator.credentials.get({
          publicKey: {
            rpId: chrome.runtime.id,
            challenge: crypto.getRandomValues(new Uint8Array(32)),
            allowCredentials: credentials.map((c) => ({ type: 'public-key' as const, id: b64(c.credentialId) })),
            userVerification: 'required',
            extensions: {
              prf: {
                evalByCredential: Object.fromEntries(
                  credentials.map((c) => [c.credentialId, { first: b64(c.prfSalt) }]),
                ),
              },
            },
          },
        })) as PublicKeyCredential;
        const first = new Uint8Array(got.getClientExtensionResults().prf?.results?.first as ArrayBuffer);
        const reply = await chrome.runtime.sendMessage({
          type: 'vault-unlock-prf',
          credentialId: url(new Uint8Array(got.rawId)),
          prfOutput: url(first),
        });
        first.fill(0);
        if (!reply?.ok) throw new Error(reply?.error ?? 'unlock failed');
        times.push(performance.now() - t0);
      }
      return times;
    }, runs);
    return { accounts: count, unlockMs };
  } finally {
    await browser.close();
  }
}
