/// <reference types="chrome" />
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExtensionBrowser } from './browser';
import {
  BANK,
  changeSettings,
  enrol,
  expectNothingOf,
  HARVEST,
  holdsCodeOf,
  isolatedWorld,
  launchHostile,
  lootOf,
  OTHER,
  sleep,
} from './hostile-harness';
import { type HostileServer, startHostileServer } from './hostile-server';
import { openPopup } from './popup-driver';
import { clickOffer } from './site-flow';

/*
 * docs/architecture.md attacks 5 and 9 in Chromium: what a compromised renderer can ask the background for, and whether
 * an idle vault still answers pages. The renderer is played by evaluating in the content script's isolated world over
 * CDP (the world a renderer exploit or a page-world bug would reach); requests are the raw chrome.runtime.sendMessage
 * a content script sends, and the assertions name the background's refusal. Sites: bank.test (Bank's account names
 * http://bank.test:PORT, PORT being the hostile server's; it has recovery codes), other.test (Other Bank, TOTP, and
 * Harvest HOTP), evil.test (nothing); all on 127.0.0.1.
 */
let browser: ExtensionBrowser;
let server: HostileServer;
let ids: Record<string, string>;
const RECOVERY = ['k3vd-9qpt-2mzx', 'w8hc-4rnf-7jyb', 'p2ls-6gke-5tud'];

beforeAll(async () => {
  [browser, server] = await Promise.all([launchHostile(), startHostileServer()]);
  ids = await enrol(browser, [
    { account: OTHER, sites: 'other.test' },
    { account: HARVEST, sites: 'other.test' },
    { account: BANK, sites: server.origin('bank.test') },
  ]);
  const popup = await openPopup(browser);
  await popup.evaluate(
    ({ id, codes }) =>
      chrome.runtime.sendMessage({
        type: 'account-update',
        id,
        patch: { recoveryCodes: codes.map((code) => ({ code })) },
      }),
    { id: ids[BANK.issuer] as string, codes: RECOVERY },
  );
  await popup.close();
});
afterAll(async () => {
  await Promise.all([browser?.close(), server?.close()]);
});

async function open(url: string): Promise<Page> {
  const page = await browser.context.newPage();
  await page.goto(url);
  await page.bringToFront();
  return page;
}

describe('finding 5: authority in the renderer', () => {
  it("fill-code for another site's accounts (TOTP and HOTP) is refused, with or without a forged grant", async () => {
    const page = await open(`${server.origin('evil.test')}/field.html`);
    const world = await isolatedWorld(browser, page);
    for (const account of [OTHER, HARVEST]) {
      const id = ids[account.issuer];
      // The request a renderer once could send: it says the person confirmed the mismatch. Without a grant from the
      // background's own cross-site window, the request itself is malformed (`bad-message`), or, where a request
      // names an account, refused for the site (`not-for-this-site`).
      const said = await world.send({ type: 'fill-code', id, confirmMismatch: true });
      expectNothingOf(JSON.stringify(said), [account], 'the renderer');
      expect(said.ok, `fill-code for ${account.issuer}`).toBe(false);
      expect(['bad-message', 'not-for-this-site']).toContain(said.code);
      // The same with a grant the background never issued: refused as an unknown token.
      const forged = await world.send({ type: 'fill-code', id, confirmMismatch: true, grant: 'f'.repeat(32) });
      expectNothingOf(JSON.stringify(forged), [account], 'the renderer');
      expect(forged, `fill-code with a forged grant for ${account.issuer}`).toMatchObject({
        ok: false,
        code: 'unknown-token',
      });
    }
    await world.close();
    await page.close();
  });

  it('all-account-names is refused to a web page', async () => {
    const page = await open(`${server.origin('evil.test')}/field.html`);
    const world = await isolatedWorld(browser, page);
    const reply = await world.send({ type: 'all-account-names' });
    expectNothingOf(JSON.stringify(reply), [OTHER, HARVEST, BANK], 'the renderer');
    expect(reply.ok).toBe(false);
    // The protocol's refusals of a request a web page may not make: `forbidden` (a type for extension pages
    // only) or `bad-message` (no such type any more).
    expect(['forbidden', 'bad-message']).toContain(reply.code);
    await world.close();
    await page.close();
  });

  it("codes-for-frame on the account's own recovery page returns no recovery code without a gesture", async () => {
    const page = await open(`${server.origin('bank.test')}/field.html?recovery`);
    const world = await isolatedWorld(browser, page);
    const reply = JSON.stringify(await world.send({ type: 'codes-for-frame' }));
    for (const code of RECOVERY) expect(reply).not.toContain(code);
    await world.close();
    await page.close();
  });

  it('one recovery code per pick: a picked code is never filled again', async () => {
    const page = await open(`${server.origin('bank.test')}/field.html?recovery`);
    const picks: string[] = [];
    for (let i = 0; i < 2; i++) {
      await clickOffer(page);
      await sleep(300);
      await page.keyboard.press('Enter');
      await sleep(400);
      picks.push(await page.locator('#recovery_code').inputValue());
      await page.locator('#recovery_code').fill('');
    }
    // Positive control: the first pick filled one of Bank's recovery codes.
    expect(RECOVERY).toContain(picks[0]);
    expect(picks[1], 'the same recovery code filled twice').not.toBe(picks[0]);
    await page.close();
  });
});

describe('finding 9: auto-lock holds for pages', () => {
  it('after the idle time the next code request from a page gets nothing', async () => {
    await changeSettings(browser, { autoLockMinutes: 1 });
    // Two minutes idle, without waiting them: the background keeps the time of the last use in storage.session
    // under `lastActivity` (lib/vault/session.ts, VaultSession.touch), which the worker can set back.
    await browser.worker.evaluate(() => chrome.storage.session.set({ lastActivity: Date.now() - 120_000 }));
    const page = await open(`${server.origin('bank.test')}/field.html`);
    await clickOffer(page);
    await sleep(300);
    await page.keyboard.press('Enter');
    await sleep(500);
    expect(holdsCodeOf(await lootOf(page), BANK), "Bank's code reached the page after the idle time").toBe(false);
    // Nor does the renderer get it by asking itself.
    const world = await isolatedWorld(browser, page);
    expectNothingOf(JSON.stringify(await world.send({ type: 'codes-for-frame' })), [BANK], 'the renderer');
    await world.close();
    await page.close();
  });
});
