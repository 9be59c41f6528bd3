import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ContentCommand } from '../../../lib/messaging/protocol';
import { OfferError } from '../../../lib/offer/errors';
import { SETTLE_MS } from '../../../lib/offer/recovery-pending';
import { VaultError } from '../../../lib/vault/errors';
import { rejectsWith } from '../rejects';

const { OfferService } = await import('../../../entrypoints/background/offer-service');
const { VaultSession } = await import('../../../lib/vault/session');
const { openIdbVaultStore } = await import('../../../platform/idb-vault-store');
const { fx, CHEAP } = await import('../vault/fixtures');

/*
 * Recovery codes through their whole life in the background (docs/architecture.md "Recovery codes"): a filled code is
 * pending until the step is seen to succeed (then used) or comes back (then the frame asks); codes a page shows are
 * saved to its own site's account after a pick; dual fields list the code first (docs/detection.md).
 */
const rfc = new TextEncoder().encode('12345678901234567890');
const GITHUB = 'https://github.com/sessions/two-factor';

async function setup() {
  const data = new Map<string, unknown>();
  const store = {
    get: async (k: string) => data.get(k) as never,
    set: async (k: string, v: unknown) => void data.set(k, v),
    remove: async (k: string) => void data.delete(k),
  };
  const session = new VaultSession(await openIdbVaultStore(`recovery-${randomUUID()}`), store, fx, CHEAP);
  const sent: { tabId: number; frameId: number; command: ContentCommand }[] = [];
  const notified: string[] = [];
  let now = 1_800_000_000_000;
  const service = new OfferService({
    session,
    keys: { offersFor: async () => [], codeForFill: async () => '000000' },
    store,
    sendToFrame: async (tabId, frameId, command) => {
      sent.push({ tabId, frameId, command });
      return true;
    },
    notifyFrames: async (m) => void notified.push(m.offer),
    crossSite: { open: async () => {} },
    now: () => now,
    random: (n) => crypto.getRandomValues(new Uint8Array(n)),
  });
  await session.create('pw');
  const vault = await session.require();
  const totp = (issuer: string) =>
    ({ kind: 'totp', secret: rfc, issuer, account: 'alice', algorithm: 'SHA1', digits: 6, period: 30 }) as const;
  const github = await vault.add({
    otp: totp('GitHub'),
    sites: ['github.com'],
    notes: '',
    pinned: false,
    recoveryCodes: [{ code: 'aaaa-1111' }, { code: 'bbbb-2222', usedAt: 5 }, { code: 'cccc-3333' }],
  });
  await vault.add({ otp: totp('Gist'), sites: ['gist.github.com'], notes: '', pinned: false, recoveryCodes: [] });
  const h = service.handlers();
  const codesOf = async () => (await session.require()).get(github.id).recoveryCodes;
  return {
    service,
    h,
    sent,
    notified,
    session,
    store,
    id: github.id,
    codesOf,
    tick: (ms: number) => {
      now += ms;
    },
    now: () => now,
  };
}

const page = (url: string, tabId = 1, frameId = 0) => ({ id: 'x', url, tabId, frameId });
const frame = (tabId = 1, frameId = 7) => ({ id: 'x', url: 'chrome-extension://dyn/offer-frame.html', tabId, frameId });
type H = Awaited<ReturnType<typeof setup>>['h'];

async function bound(h: H, url: string, kind: 'totp' | 'recovery' | 'dual', tabId = 1) {
  const { offer } = await h['offer-open']({ type: 'offer-open', kind }, page(url, tabId));
  await h['offer-hello']({ type: 'offer-hello', offer }, frame(tabId));
  return offer;
}

function lastGrant(sent: { command: ContentCommand }[]): string {
  const c = sent.at(-1)?.command;
  if (c?.type !== 'fill-grant') throw new Error('no grant');
  return c.grant;
}

/** Picks the recovery entry of the menu (the next code, or the one named) and presents the grant. */
async function fillRecovery(t: Awaited<ReturnType<typeof setup>>, offer: string, code?: string, tabId = 1) {
  await t.h['offer-pick'](
    { type: 'offer-pick', offer, id: t.id, what: 'recovery', ...(code ? { code } : {}) },
    frame(tabId),
  );
  return (await t.h['fill-code']({ type: 'fill-code', grant: lastGrant(t.sent) }, page(GITHUB, tabId))).code;
}

describe('a filled recovery code (finding 4)', () => {
  it('is marked used once the tab moved on from the code step, and the next sign-in offers the next code', async () => {
    const t = await setup();
    const offer = await bound(t.h, GITHUB, 'recovery');
    expect(await fillRecovery(t, offer)).toBe('aaaa-1111');
    await t.service.tabReset(1, false); // the form was submitted: /welcome loads
    t.tick(SETTLE_MS);
    const next = await bound(t.h, GITHUB, 'recovery', 2);
    const menu = await t.h['offer-menu']({ type: 'offer-menu', offer: next }, frame(2));
    expect(menu.question).toBeUndefined();
    expect(menu.items.map((i) => i.code)).toEqual(['cccc-3333']);
    const stored = await t.codesOf();
    expect(stored[0]).toEqual({ code: 'aaaa-1111', usedAt: t.now() });
    expect(stored[2]).toEqual({ code: 'cccc-3333' });
  });

  it('a second page load in that tab settles it at once (no waiting)', async () => {
    const t = await setup();
    await fillRecovery(t, await bound(t.h, GITHUB, 'recovery'));
    await t.service.tabReset(1, false);
    await t.service.tabReset(1, false);
    expect((await t.codesOf())[0]?.usedAt).toBeDefined();
  });

  it('when the code step comes back, the menu asks; "yes" marks it used, "no" offers it again', async () => {
    for (const used of [true, false]) {
      const t = await setup();
      await fillRecovery(t, await bound(t.h, GITHUB, 'recovery'));
      await t.service.tabReset(1, false);
      // The same step again in the same tab (a refusal, or an error page that looks the same).
      const again = await bound(t.h, GITHUB, 'recovery');
      t.tick(SETTLE_MS * 3);
      const menu = await t.h['offer-menu']({ type: 'offer-menu', offer: again }, frame());
      expect(menu.question).toEqual({ id: t.id, issuer: 'GitHub', account: 'alice', code: 'aaaa-1111' });
      expect((await t.codesOf())[0]?.usedAt).toBeUndefined();
      await t.h['offer-recovery-answer']({ type: 'offer-recovery-answer', offer: again, id: t.id, used }, frame());
      const after = await t.h['offer-menu']({ type: 'offer-menu', offer: again }, frame());
      expect(after.question).toBeUndefined();
      expect(after.items.map((i) => i.code)).toEqual(used ? ['cccc-3333'] : ['aaaa-1111', 'cccc-3333']);
      expect((await t.codesOf())[0]?.usedAt === undefined).toBe(!used);
    }
  });

  it('an answer for an account that has no question on this site is refused', async () => {
    const t = await setup();
    const offer = await bound(t.h, GITHUB, 'recovery');
    await rejectsWith(
      t.h['offer-recovery-answer']({ type: 'offer-recovery-answer', offer, id: t.id, used: true }, frame()),
      VaultError,
      'not-for-this-site',
    );
    expect((await t.codesOf())[0]?.usedAt).toBeUndefined();
  });

  it("a related host's frame never asks about a code filled into another origin, nor marks it used", async () => {
    const t = await setup();
    await fillRecovery(t, await bound(t.h, GITHUB, 'recovery'));
    await t.service.tabReset(1, true); // closed before any page loaded: the code is asked about
    const gist = await bound(t.h, 'https://gist.github.com/login', 'recovery', 2);
    expect((await t.h['offer-menu']({ type: 'offer-menu', offer: gist }, frame(2))).question).toBeUndefined();
    await rejectsWith(
      t.h['offer-recovery-answer']({ type: 'offer-recovery-answer', offer: gist, id: t.id, used: true }, frame(2)),
      VaultError,
      'not-for-this-site',
    );
    expect((await t.codesOf())[0]?.usedAt).toBeUndefined();
    // The site it was filled into still asks.
    const own = await bound(t.h, GITHUB, 'recovery', 3);
    expect((await t.h['offer-menu']({ type: 'offer-menu', offer: own }, frame(3))).question?.code).toBe('aaaa-1111');
  });

  it('a page that does not navigate: the field left (recovery-step-left), no step back → used after SETTLE_MS', async () => {
    const t = await setup();
    const offer = await bound(t.h, GITHUB, 'recovery');
    expect(await fillRecovery(t, offer)).toBe('aaaa-1111');
    t.tick(1000);
    const left = () => t.h['recovery-step-left']({ type: 'recovery-step-left', offer }, page(GITHUB));
    await left();
    expect((await t.codesOf())[0]?.usedAt).toBeUndefined();
    t.tick(SETTLE_MS);
    await left(); // the content script's reminder once SETTLE_MS passed
    expect((await t.codesOf())[0]).toEqual({ code: 'aaaa-1111', usedAt: t.now() });
  });

  it('the same code step back after the field left (or before the word came) asks instead', async () => {
    for (const order of ['left-first', 'back-first'] as const) {
      const t = await setup();
      const offer = await bound(t.h, GITHUB, 'recovery');
      await fillRecovery(t, offer);
      t.tick(1000);
      const left = () => t.h['recovery-step-left']({ type: 'recovery-step-left', offer }, page(GITHUB));
      if (order === 'left-first') await left();
      const again = await bound(t.h, GITHUB, 'recovery');
      if (order === 'back-first') await left();
      t.tick(SETTLE_MS * 3);
      await left();
      const menu = await t.h['offer-menu']({ type: 'offer-menu', offer: again }, frame());
      expect(menu.question?.code, order).toBe('aaaa-1111');
      expect((await t.codesOf())[0]?.usedAt, order).toBeUndefined();
    }
  });

  it('recovery-step-left from another frame, origin or offer kind marks nothing', async () => {
    const t = await setup();
    const offer = await bound(t.h, GITHUB, 'recovery');
    await fillRecovery(t, offer);
    const totp = (await t.h['offer-open']({ type: 'offer-open', kind: 'totp' }, page(GITHUB))).offer;
    await rejectsWith(
      t.h['recovery-step-left']({ type: 'recovery-step-left', offer }, page(GITHUB, 1, 3)),
      OfferError,
      'wrong-sender',
    );
    await rejectsWith(
      t.h['recovery-step-left']({ type: 'recovery-step-left', offer }, page('https://gist.github.com/x')),
      OfferError,
      'wrong-sender',
    );
    await t.h['recovery-step-left']({ type: 'recovery-step-left', offer: totp }, page(GITHUB));
    t.tick(SETTLE_MS * 3);
    await t.h['recovery-step-left']({ type: 'recovery-step-left', offer: totp }, page(GITHUB));
    expect((await t.codesOf())[0]?.usedAt).toBeUndefined();
  });

  it('a pick may name a later unused code, never a used or unknown one', async () => {
    const t = await setup();
    const offer = await bound(t.h, GITHUB, 'recovery');
    expect(await fillRecovery(t, offer, 'cccc-3333')).toBe('cccc-3333');
    await rejectsWith(fillRecovery(t, offer, 'bbbb-2222'), VaultError, 'not-for-this-site');
    await rejectsWith(fillRecovery(t, offer, 'zzzz-9999'), VaultError, 'not-for-this-site');
  });
});

describe('dual fields (finding 5)', () => {
  it('list the current code first, then the unused recovery codes', async () => {
    const t = await setup();
    const offer = await bound(t.h, GITHUB, 'dual');
    const menu = await t.h['offer-menu']({ type: 'offer-menu', offer }, frame());
    expect(menu.items.map((i) => [i.what, i.what === 'code' ? /^\d{6}$/.test(i.code ?? '') : i.code])).toEqual([
      ['code', true],
      ['recovery', 'aaaa-1111'],
      ['recovery', 'cccc-3333'],
    ]);
  });
});

describe('recovery codes a page shows (finding 4)', () => {
  const SHOWN = ['AAAA1111', 'dddd-4444', 'eeee-5555', 'ffff-6666'];

  it('are offered wherever a vault exists, locked or not, account or not: the page learns nothing of the vault', async () => {
    const t = await setup();
    const open = (url: string) =>
      t.h['offer-open']({ type: 'offer-open', kind: 'recovery-list', codes: SHOWN }, page(url));
    // No account of example.com: still an offer (an iframe), whose menu says so and offers nothing to save.
    const { offer } = await open('https://example.com/settings');
    expect(await t.h['offer-hello']({ type: 'offer-hello', offer }, frame())).toMatchObject({ count: 4 });
    expect(await t.h['offer-menu']({ type: 'offer-menu', offer }, frame())).toMatchObject({ items: [], count: 4 });
    await expect(open('https://github.com/settings')).resolves.toHaveProperty('offer');
    await rejectsWith(
      t.h['offer-open']({ type: 'offer-open', kind: 'recovery-list', codes: SHOWN.slice(0, 3) }, page(GITHUB)),
      OfferError,
      'refused',
    );
    await t.session.lock();
    await expect(open('https://github.com/settings')).resolves.toHaveProperty('offer');
    await expect(open('https://example.com/settings')).resolves.toHaveProperty('offer');
  });

  it('a refusal notice never opens a recovery-list frame (nor a recovery field frame)', async () => {
    const t = await setup();
    const url = 'https://github.com/settings';
    const list = await t.h['offer-open']({ type: 'offer-open', kind: 'recovery-list', codes: SHOWN }, page(url));
    const field = await t.h['offer-open']({ type: 'offer-open', kind: 'totp' }, page(url));
    await t.h['fill-not-submitted']({ type: 'fill-not-submitted', why: 'no-control' }, page(url));
    expect(t.notified).toEqual([field.offer]);
    expect(t.notified).not.toContain(list.offer);
  });

  it('are dropped from storage.session when the vault locks', async () => {
    const t = await setup();
    const { offer } = await t.h['offer-open'](
      { type: 'offer-open', kind: 'recovery-list', codes: SHOWN },
      page('https://github.com/x'),
    );
    await t.h['offer-hello']({ type: 'offer-hello', offer }, frame());
    expect(await t.store.get('offer-state').then(JSON.stringify)).toContain('dddd-4444');
    await t.session.lock();
    expect(await t.store.get('offer-state').then(JSON.stringify)).not.toContain('dddd-4444');
    // Unlocked again: that offer has nothing left to save (the frame says to reload the page).
    await t.session.unlock('pw');
    expect(await t.h['offer-menu']({ type: 'offer-menu', offer }, frame())).toMatchObject({ count: 0, items: [] });
    await t.h['offer-pick']({ type: 'offer-pick', offer, id: t.id, what: 'save-recovery' }, frame()).catch(() => {});
    expect((await t.codesOf()).map((r) => r.code)).toEqual(['aaaa-1111', 'bbbb-2222', 'cccc-3333']);
  });

  it("a pick saves them to the site's own account, merged: stored codes keep their used state", async () => {
    const t = await setup();
    const { offer } = await t.h['offer-open'](
      { type: 'offer-open', kind: 'recovery-list', codes: SHOWN },
      page('https://github.com/settings'),
    );
    const hello = await t.h['offer-hello']({ type: 'offer-hello', offer }, frame());
    expect(hello).toMatchObject({ kind: 'recovery-list', count: 4 });
    // The related host's account (gist.github.com) is not listed: codes go to this site's account only.
    const menu = await t.h['offer-menu']({ type: 'offer-menu', offer }, frame());
    expect(menu).toMatchObject({ count: 4, items: [{ id: t.id, what: 'save-recovery', issuer: 'GitHub' }] });
    // AAAA1111 is a stored unused code: the same set, nothing replaced.
    expect(menu.items[0]?.replaces).toBeUndefined();
    expect(t.sent).toEqual([]);
    await t.h['offer-pick']({ type: 'offer-pick', offer, id: t.id, what: 'save-recovery' }, frame());
    expect(await t.codesOf()).toEqual([
      { code: 'aaaa-1111' },
      { code: 'bbbb-2222', usedAt: 5 },
      { code: 'cccc-3333' },
      { code: 'dddd-4444' },
      { code: 'eeee-5555' },
      { code: 'ffff-6666' },
    ]);
    // No fill grant was made for a save.
    expect(t.sent).toEqual([]);
  });

  it('a new set (nothing in common with the unused stored codes) says it replaces them, goes first, and supersedes them', async () => {
    const t = await setup();
    const fresh = ['n1aa-0001', 'n2bb-0002', 'n3cc-0003', 'n4dd-0004'];
    const { offer } = await t.h['offer-open'](
      { type: 'offer-open', kind: 'recovery-list', codes: fresh },
      page('https://github.com/settings'),
    );
    await t.h['offer-hello']({ type: 'offer-hello', offer }, frame());
    const menu = await t.h['offer-menu']({ type: 'offer-menu', offer }, frame());
    expect(menu.items).toMatchObject([{ id: t.id, what: 'save-recovery', replaces: 2 }]);
    await t.h['offer-pick']({ type: 'offer-pick', offer, id: t.id, what: 'save-recovery' }, frame());
    expect(await t.codesOf()).toEqual([
      ...fresh.map((code) => ({ code })),
      { code: 'aaaa-1111', supersededAt: t.now() },
      { code: 'bbbb-2222', usedAt: 5 },
      { code: 'cccc-3333', supersededAt: t.now() },
    ]);
    // The next sign-in offers the new set only.
    const field = await bound(t.h, GITHUB, 'recovery', 2);
    const next = await t.h['offer-menu']({ type: 'offer-menu', offer: field }, frame(2));
    expect(next.items.map((i) => i.code)).toEqual(fresh);
  });

  it('a recovery-list offer cannot fill: its pick of a code or recovery entry is refused', async () => {
    const t = await setup();
    const { offer } = await t.h['offer-open'](
      { type: 'offer-open', kind: 'recovery-list', codes: SHOWN },
      page('https://github.com/settings'),
    );
    await t.h['offer-hello']({ type: 'offer-hello', offer }, frame());
    for (const what of ['code', 'recovery'] as const) {
      await rejectsWith(
        t.h['offer-pick']({ type: 'offer-pick', offer, id: t.id, what }, frame()),
        VaultError,
        'not-for-this-site',
      );
    }
    expect(t.sent).toEqual([]);
  });
});
