/// <reference types="chrome" />
import { execFileSync } from 'node:child_process';
import { hkdfSync } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ExtensionBrowser, launchWithExtension } from './browser';
import { addByUri, createVault, currentWorker, PASSWORD, row, unlock } from './popup-driver';
import { storageDump } from './storage-dump';
import { addVirtualAuthenticator, webAuthnSession } from './virtual-authenticator';

/*
 * Passkeys and security keys as vault key slots (README "Unlock with a passkey or security key"), end to
 * end in Chromium with the DevTools Protocol's virtual authenticators (WebAuthn domain: CTAP2 with hmac-secret as
 * `hasPrf`, user verification, automatic presence). Virtual authenticators belong to one tab, so the whole file runs
 * in one tab that moves between the options page (the panel) and popup.html (the unlock screen and codes).
 * The tests run in order and build on each other.
 */
let browser: ExtensionBrowser;
let tab: Page;
let cdp: CDPSession;

const PINNED = new Date('2031-05-04T12:34:56Z');
const GITHUB = { secret: 'JBSWY3DPEHPK3PXP', uri: 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub' };
const ROOT = join(import.meta.dirname, '../..');
const AXE_SOURCE = readFileSync(join(ROOT, 'node_modules/axe-core/axe.min.js'), 'utf8');

interface Listed {
  slotId: string;
  credentialId: string;
  prfSalt: string;
  label: string;
}

/** Adds a virtual authenticator to the tab (ctap2 over USB, PRF and user verification unless `hasPrf` is false). */
function addAuthenticator(hasPrf = true): Promise<string> {
  return addVirtualAuthenticator(cdp, { hasPrf });
}
/** Only `answering` answers a touch; the others wait (their automatic presence off). */
async function onlyAnswers(answering: string, all: readonly string[]): Promise<void> {
  for (const id of all) {
    await cdp.send('WebAuthn.setAutomaticPresenceSimulation', { authenticatorId: id, enabled: id === answering });
  }
}

/** A request to the background from the tab, as the extension page sends it; the reply as it comes. */
function ask(type: string, payload: Record<string, unknown> = {}) {
  return tab.evaluate(([t, p]) => chrome.runtime.sendMessage({ type: t, ...p }), [type, payload] as [
    string,
    Record<string, unknown>,
  ]) as Promise<{ ok: boolean; value?: unknown; code?: string; error?: unknown }>;
}
async function listed(): Promise<Listed[]> {
  const reply = await ask('vault-prf-credentials');
  expect(reply.ok).toBe(true);
  return (reply.value as { credentials: Listed[] }).credentials;
}
const lockFromTab = async () => expect((await ask('vault-lock')).ok).toBe(true);

/** How many credentials the virtual authenticator holds (WebAuthn.getCredentials). */
async function credentialsHeld(authenticatorId: string): Promise<number> {
  const { credentials } = (await cdp.send('WebAuthn.getCredentials', { authenticatorId } as never)) as {
    credentials: unknown[];
  };
  return credentials.length;
}

/** The PRF output `credential` gives for its salt, asked directly of the authenticator (base64url). */
function prfOutputOf(c: Listed): Promise<string> {
  return tab.evaluate(async ({ credentialId, prfSalt }) => {
    const b64 = (s: string) =>
      Uint8Array.from(atob(s.replaceAll('-', '+').replaceAll('_', '/')), (x) => x.charCodeAt(0));
    const got = (await navigator.credentials.get({
      publicKey: {
        rpId: chrome.runtime.id,
        challenge: crypto.getRandomValues(new Uint8Array(32)),
        allowCredentials: [{ type: 'public-key', id: b64(credentialId) }],
        userVerification: 'required',
        extensions: { prf: { evalByCredential: { [credentialId]: { first: b64(prfSalt) } } } },
      },
    })) as PublicKeyCredential;
    const out = new Uint8Array(got.getClientExtensionResults().prf?.results?.first as ArrayBuffer);
    return btoa(String.fromCharCode(...out))
      .replaceAll('+', '-')
      .replaceAll('/', '_')
      .replaceAll('=', '');
  }, c);
}

async function openOptions(): Promise<void> {
  await tab.goto(`chrome-extension://${browser.extensionId}/options.html#security-keys`);
}
async function openPopupHere(): Promise<void> {
  await tab.goto(`chrome-extension://${browser.extensionId}/popup.html`);
}

/** Fills the panel's add form and waits for its answer (the added line or an error). */
async function addKey(label: string): Promise<string> {
  await tab.fill('#security-key-name', label);
  await tab.fill('#security-key-password', PASSWORD);
  await tab.click('#security-key-add-button');
  const answer = tab.locator('#security-key-add-result, #security-key-add-error');
  await answer.waitFor({ timeout: 30_000 });
  return (await answer.textContent()) ?? '';
}
const listedLabels = () => tab.locator('#security-keys-list li .slot-name').allTextContents();

/** axe-core's serious and critical violations, light then dark (as tests/e2e/a11y.e2e.ts checks every view). */
async function expectAccessible(what: string): Promise<void> {
  const found: string[] = [];
  for (const colorScheme of ['light', 'dark'] as const) {
    await tab.emulateMedia({ colorScheme });
    if (!(await tab.evaluate(() => 'axe' in window))) await tab.evaluate(AXE_SOURCE);
    const violations = (await tab.evaluate(async () => {
      const axe = (window as unknown as { axe: { run(c: unknown, o: unknown): Promise<{ violations: unknown }> } }).axe;
      return (await axe.run(document, { resultTypes: ['violations'] })).violations;
    })) as { id: string; impact: string; nodes: { target: unknown[] }[] }[];
    for (const v of violations.filter((x) => x.impact === 'serious' || x.impact === 'critical')) {
      found.push(`${what} (${colorScheme}): ${v.id} ${JSON.stringify(v.nodes.map((n) => n.target))}`);
    }
  }
  await tab.emulateMedia({ colorScheme: 'light' });
  expect(found).toEqual([]);
}

const authenticators: string[] = [];

beforeAll(async () => {
  browser = await launchWithExtension();
  tab = await browser.context.newPage();
  await tab.clock.setFixedTime(PINNED);
  await openPopupHere();
  await createVault(tab);
  await addByUri(tab, GITHUB.uri, 'github.com');
  cdp = await webAuthnSession(tab);
});
afterAll(async () => {
  await browser?.close();
});

describe('passkeys and security keys in Chromium (virtual authenticators)', () => {
  it('adds a security key in Settings with the master password; the password is listed as always kept', async () => {
    authenticators.push(await addAuthenticator());
    await openOptions();
    await tab.locator('#security-keys-list').waitFor();
    await expect(listedLabels()).resolves.toEqual(['Master password (always kept)']);
    await expect(addKey('Key A')).resolves.toBe('“Key A” added: it now unlocks Twofold.');
    await expect(listedLabels()).resolves.toEqual(['Master password (always kept)', 'Key A']);
    // The master password has no Remove button; the key has one.
    await expect(tab.locator('#security-keys-list li[data-type="password"] button').count()).resolves.toBe(0);
    await expect(tab.locator('#security-keys-list li[data-type="prf"] button.remove').count()).resolves.toBe(1);
    await expectAccessible('the security keys panel with a key');
  });

  it('a wrong master password adds nothing, and the authenticator is not asked to create a credential', async () => {
    // A fresh authenticator, the only one answering: it holds no excluded credential, so it would make one if asked.
    const fresh = await addAuthenticator();
    await onlyAnswers(fresh, [...authenticators, fresh]);
    await tab.fill('#security-key-name', 'Intruder');
    await tab.fill('#security-key-password', 'not the password');
    await tab.click('#security-key-add-button');
    const error = tab.locator('#security-key-add-error');
    await error.waitFor({ timeout: 30_000 });
    await expect(error.getAttribute('role')).resolves.toBe('alert');
    await expect(error.textContent()).resolves.toBe('Wrong password.');
    await expect(listed()).resolves.toHaveLength(1);
    // The password is confirmed before the ceremony (vault-confirm-password): no credential made for nothing.
    await expect(credentialsHeld(fresh)).resolves.toBe(0);
    await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: fresh });
    await onlyAnswers(authenticators[0] as string, authenticators);
  });

  it('the same authenticator cannot be added twice', async () => {
    await expect(addKey('Key A again')).resolves.toBe('This passkey or security key is already added to Twofold.');
    await expect(listed()).resolves.toHaveLength(1);
  });

  it('locks, and unlocks with the key: the unlock screen offers it first and the codes show', async () => {
    await lockFromTab();
    await openPopupHere();
    const key = tab.locator('#unlock-key');
    await key.waitFor();
    await expect(key.textContent()).resolves.toBe('Unlock with your security key or passkey');
    await expectAccessible('the unlock screen with a key');
    await key.click();
    await row(tab, 'GitHub').waitFor({ timeout: 30_000 });
    const code = await row(tab, 'GitHub').locator('button.code').getAttribute('data-code');
    const t = Math.floor(PINNED.getTime() / 1000);
    expect(code).toBe(
      execFileSync('oathtool', ['--totp', '-b', `--now=@${t}`, GITHUB.secret], { encoding: 'utf8' }).trim(),
    );
  });

  it('the window the toolbar popup opens for the touch has the key button focused, asking nothing by itself', async () => {
    // The toolbar popup itself cannot be driven here (headless Chromium opens the action's page as a tab); it opens
    // popup.html#unlock-key in a window (entrypoints/popup/key-unlock.ts), which is this page.
    await lockFromTab();
    // A fresh page, as the new window is (from popup.html, going to #unlock-key would only change the fragment).
    await tab.goto('about:blank');
    await tab.goto(`chrome-extension://${browser.extensionId}/popup.html#unlock-key`);
    await tab.locator('#unlock-key').waitFor();
    // The focus moves there once the page knows a key can unlock (the list comes from the background).
    await tab.waitForFunction(() => document.activeElement?.id === 'unlock-key', null, { timeout: 5000 });
    // Not the toolbar popup: no "opens a window" note, and the vault stays locked until the person acts.
    await expect(tab.locator('#unlock-key-hint').count()).resolves.toBe(0);
    await expect(ask('vault-state')).resolves.toMatchObject({ value: { state: 'locked' } });
    await tab.keyboard.press('Enter');
    await row(tab, 'GitHub').waitFor({ timeout: 30_000 });
  });

  it('adds a second key (another authenticator) and unlocks with it', async () => {
    authenticators.push(await addAuthenticator());
    const [a, b] = authenticators as [string, string];
    await onlyAnswers(b, authenticators);
    await openOptions();
    await tab.locator('#security-keys-list').waitFor();
    await expect(addKey('Key B')).resolves.toBe('“Key B” added: it now unlocks Twofold.');
    await expect(listedLabels()).resolves.toEqual(['Master password (always kept)', 'Key A', 'Key B']);

    await lockFromTab();
    await openPopupHere();
    await tab.click('#unlock-key');
    await row(tab, 'GitHub').waitFor({ timeout: 30_000 });
    await onlyAnswers(a, authenticators);
  });

  it('a removed key no longer unlocks; the other still does', async () => {
    const before = await listed();
    const keyA = before.find((c) => c.label === 'Key A') as Listed;
    await onlyAnswers(authenticators[0] as string, authenticators);
    const outputA = await prfOutputOf(keyA);

    await openOptions();
    const rowA = tab.locator('#security-keys-list li', { hasText: 'Key A' });
    await rowA.locator('button.remove').click();
    // Asked first: nothing removed until the person confirms.
    await expect(listed()).resolves.toHaveLength(2);
    await rowA.locator('button.confirm-remove').click();
    await expect(tab.locator('#security-keys-removed').textContent()).resolves.toBe(
      '“Key A” removed: it no longer unlocks Twofold.',
    );
    await expect(listedLabels()).resolves.toEqual(['Master password (always kept)', 'Key B']);

    await lockFromTab();
    // Key A's true PRF output, sent as the page would after a touch: refused, the vault stays locked.
    const refused = await ask('vault-unlock-prf', { credentialId: keyA.credentialId, prfOutput: outputA });
    expect(refused).toMatchObject({ ok: false, code: 'wrong-key' });
    await expect(ask('vault-state')).resolves.toMatchObject({ value: { state: 'locked' } });

    await onlyAnswers(authenticators[1] as string, authenticators);
    await openPopupHere();
    await tab.click('#unlock-key');
    await row(tab, 'GitHub').waitFor({ timeout: 30_000 });
  });

  it('refuses a forged PRF output and a key that was never added; the password still unlocks', async () => {
    await lockFromTab();
    const [keyB] = await listed();
    const random = Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
    await expect(
      ask('vault-unlock-prf', { credentialId: keyB?.credentialId, prfOutput: random }),
    ).resolves.toMatchObject({ ok: false, code: 'wrong-key' });

    // The authenticators holding the added keys are gone; an unrelated one is plugged in.
    for (const id of authenticators.splice(0)) {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: id });
    }
    authenticators.push(await addAuthenticator());
    await openPopupHere();
    await tab.click('#unlock-key');
    const error = tab.locator('#unlock-key-error');
    await error.waitFor({ timeout: 60_000 });
    await expect(error.textContent()).resolves.toContain('No passkey or security key added to Twofold answered');
    await expect(ask('vault-state')).resolves.toMatchObject({ value: { state: 'locked' } });
    await unlock(tab);
    await row(tab, 'GitHub').waitFor({ timeout: 30_000 });
  });

  it('an authenticator without PRF is told it cannot unlock Twofold, and no slot is added', async () => {
    for (const id of authenticators.splice(0)) {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: id });
    }
    authenticators.push(await addAuthenticator(false));
    await openOptions();
    await tab.locator('#security-keys-list').waitFor();
    await expect(addKey('U2F key')).resolves.toBe(
      'This authenticator cannot unlock Twofold: it has no PRF (hmac-secret) support. FIDO2 keys such as YubiKey 5 or Nitrokey 3 and passkeys in recent Chrome work; U2F-only keys do not.',
    );
    await expect(listed()).resolves.toHaveLength(1);
  });

  it('after a PRF unlock and a lock, no store holds the PRF output or the vault key', async () => {
    for (const id of authenticators.splice(0)) {
      await cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId: id });
    }
    authenticators.push(await addAuthenticator());
    await openOptions();
    await tab.locator('#security-keys-list').waitFor();
    await expect(addKey('Key C')).resolves.toBe('“Key C” added: it now unlocks Twofold.');
    const keyC = (await listed()).find((c) => c.label === 'Key C') as Listed;
    const prfSalt = Buffer.from(keyC.prfSalt, 'base64url');
    expect(prfSalt).toHaveLength(32);
    await lockFromTab();
    await openPopupHere();
    await tab.click('#unlock-key');
    await row(tab, 'GitHub').waitFor({ timeout: 30_000 });
    const worker = await currentWorker(browser);
    // The vault key as the unlocked session holds it (docs/vault-format.md "The unlocked state").
    const vaultKey = Buffer.from(
      await worker.evaluate(async () => (await chrome.storage.session.get('vaultKey')).vaultKey as number[]),
    );
    expect(vaultKey).toHaveLength(32);
    await lockFromTab();
    const output = Buffer.from(await prfOutputOf(keyC), 'base64url');
    expect(output).toHaveLength(32);
    // The slot's key-encryption key, derived here as docs/vault-format.md "PRF key slot" says (RFC 5869 HKDF).
    const kek = Buffer.from(hkdfSync('sha256', output, prfSalt, `twofold-vault/v2/prf-slot/${keyC.slotId}`, 32));

    // Every byte value is hex in the dump (storage-dump.ts), so a secret stored as bytes is found as its hex.
    const dump = await storageDump(worker);
    expect(dump).toContain('Key C');
    // Positive control: the slot's prfSalt IS stored (as bytes), so the search does find stored bytes as hex.
    expect(dump).toContain(prfSalt.toString('hex'));
    for (const secret of [output, kek, vaultKey]) {
      expect(dump).not.toContain(JSON.stringify(Array.from(secret)).slice(1, -1));
      expect(dump.toLowerCase()).not.toContain(secret.toString('hex'));
      expect(dump).not.toContain(secret.toString('base64url'));
      expect(dump).not.toContain(secret.toString('base64').replace(/=+$/, ''));
    }
  });

  it('a PRF slot tampered with on disk does not open, and the password still does', async () => {
    await tab.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('twofold');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const header = await new Promise<{ slots: { type: string; wrappedKey: Uint8Array }[] }>((resolve) => {
        const req = db.transaction('meta').objectStore('meta').get('vault');
        req.onsuccess = () => resolve(req.result);
      });
      for (const slot of header.slots)
        if (slot.type === 'prf') slot.wrappedKey[5] = (slot.wrappedKey[5] as number) ^ 0x01;
      await new Promise((resolve) => {
        const tx = db.transaction('meta', 'readwrite');
        tx.objectStore('meta').put(header, 'vault');
        tx.oncomplete = resolve;
      });
      db.close();
    });
    await openPopupHere();
    await tab.click('#unlock-key');
    const error = tab.locator('#unlock-key-error');
    await error.waitFor({ timeout: 30_000 });
    // The key answered, but its slot does not open: said as such, not as a key that did not answer.
    await expect(error.textContent()).resolves.toBe('This passkey or security key does not unlock this vault.');
    await expect(ask('vault-state')).resolves.toMatchObject({ value: { state: 'locked' } });
    // Enter in the password field sends the password, not the key button (which would fail on this slot).
    await tab.fill('#password', PASSWORD);
    await tab.press('#password', 'Enter');
    await row(tab, 'GitHub').waitFor({ timeout: 30_000 });
  });

  it('Settings in the popup leads to the panel, in the options page', async () => {
    await openPopupHere();
    await tab.click('#settings');
    const [options] = await Promise.all([
      browser.context.waitForEvent('page', (p) => p.url().endsWith('/options.html#security-keys')),
      tab.click('#open-security-keys'),
    ]);
    await options.locator('#security-keys-list').waitFor();
    await expect(options.locator('#security-keys-title').textContent()).resolves.toBe('Passkeys and security keys');
    await options.close();
  });
  it('a malformed key slot shows as a damaged key, with no date, and Remove takes it away', async () => {
    // The clear header edited on disk: the first PRF slot's salt cut short, so the slot is malformed (docs/vault-format.md
    // "PRF key slot"); the vault opens with the password and lists the slot as damaged.
    await tab.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((resolve, reject) => {
        const req = indexedDB.open('twofold');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
      const header = await new Promise<{ slots: { type: string; prfSalt: Uint8Array }[] }>((resolve) => {
        const req = db.transaction('meta').objectStore('meta').get('vault');
        req.onsuccess = () => resolve(req.result);
      });
      const first = header.slots.find((slot) => slot.type === 'prf');
      if (first) first.prfSalt = new Uint8Array(5);
      await new Promise((resolve) => {
        const tx = db.transaction('meta', 'readwrite');
        tx.objectStore('meta').put(header, 'vault');
        tx.oncomplete = resolve;
      });
      db.close();
    });
    await lockFromTab();
    await openPopupHere();
    await unlock(tab);
    await row(tab, 'GitHub').waitFor({ timeout: 30_000 });
    await openOptions();
    await tab.locator('#security-keys-list').waitFor();
    const damaged = tab.locator('#security-keys-list li[data-damaged="true"]');
    await expect(damaged.count()).resolves.toBe(1);
    const before = await listedLabels();
    await expect(damaged.locator('.slot-name').textContent()).resolves.toBe('Damaged key (cannot unlock)');
    await expect(damaged.locator('.meta').count()).resolves.toBe(0);
    await damaged.locator('button.remove').click();
    await damaged.locator('button.confirm-remove').click();
    await expect(tab.locator('#security-keys-removed').textContent()).resolves.toBe(
      '“Damaged key (cannot unlock)” removed: it no longer unlocks Twofold.',
    );
    await expect(damaged.count()).resolves.toBe(0);
    await expect(listedLabels()).resolves.toEqual(before.filter((l) => l !== 'Damaged key (cannot unlock)'));
    // The focus is not lost with the row: the list's heading holds it.
    await expect(tab.evaluate(() => document.activeElement?.id)).resolves.toBe('security-keys-title');
    await expectAccessible('the security keys panel after removing a damaged key');
  });
});
