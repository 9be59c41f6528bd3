import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { type CrossSiteTarget, createCrossSite, PICKER_PAGE } from '../../../entrypoints/background/cross-site';
import { acceptRequest } from '../../../lib/messaging/protocol';
import { VaultSession } from '../../../lib/vault/session';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP, fx } from '../vault/fixtures';

// The handlers reach the badge and windows adapters; they are replaced, everything else is the real code.
vi.mock('webextension-polyfill', () => import('./quiet-browser'));

const secret = new TextEncoder().encode('12345678901234567890');
const TARGET: CrossSiteTarget = { tabId: 7, frameId: 3, origin: 'https://login.shop.example' };
const OWN = 'chrome-extension://test';
const picker = { id: 'test', url: `${OWN}/${PICKER_PAGE}#x`, tabId: 40 };

function memoryStore() {
  const data = new Map<string, unknown>();
  return {
    data,
    get: async <T>(k: string) => data.get(k) as T | undefined,
    set: async (k: string, v: unknown) => void data.set(k, structuredClone(v)),
    remove: async (k: string) => void data.delete(k),
  };
}

async function setup(options: { offered?: string[]; store?: ReturnType<typeof memoryStore> } = {}) {
  let now = 1_800_000_000_000;
  const session = new VaultSession(await openIdbVaultStore(`cross-${randomUUID()}`), memoryStore(), fx, CHEAP);
  await session.create('pw');
  const vault = await session.require();
  const base = { notes: '', pinned: false, recoveryCodes: [] };
  const totp = (issuer: string, account: string) =>
    ({ kind: 'totp', secret, issuer, account, algorithm: 'SHA1', digits: 6, period: 30 }) as const;
  const github = await vault.add({ ...base, otp: totp('GitHub', 'alice'), sites: ['github.com'] });
  const shop = await vault.add({ ...base, otp: totp('Shop', 'alice'), sites: ['shop.example'] });
  const mail = await vault.add({ ...base, otp: totp('Mail', 'bob@mail.example'), sites: [] });
  const bank = await vault.add({
    ...base,
    otp: { kind: 'hotp', secret, issuer: 'Bank', account: 'carol', algorithm: 'SHA1', digits: 6, counter: 0n },
    sites: ['bank.example'],
  });
  const picks: { target: CrossSiteTarget; accountId: string }[] = [];
  const windows: string[] = [];
  const offeredAsked: string[] = [];
  const crossSite = createCrossSite({
    session,
    onPick: async (target, accountId) => void picks.push({ target, accountId }),
    offeredIds: (origin) => {
      offeredAsked.push(origin);
      return options.offered ?? [shop.id];
    },
    openWindow: async (path) => {
      windows.push(path);
      return { windowId: windows.length };
    },
    now: () => now,
    random: fx.random,
    ...(options.store ? { store: options.store } : {}),
  });
  const openAndGetId = async (target = TARGET) => {
    await crossSite.open(target);
    return (windows.at(-1) ?? '').replace(`${PICKER_PAGE}#`, '');
  };
  return {
    crossSite,
    session,
    vault,
    github,
    shop,
    mail,
    bank,
    picks,
    windows,
    offeredAsked,
    openAndGetId,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe('opening the picker', () => {
  it('opens picker.html with a fresh random id in its fragment, one per request', async () => {
    const { windows, openAndGetId } = await setup();
    const a = await openAndGetId();
    const b = await openAndGetId({ ...TARGET, tabId: 8 });
    expect(windows).toEqual([`${PICKER_PAGE}#${a}`, `${PICKER_PAGE}#${b}`]);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).not.toBe(a);
  });

  it('refuses a frame that is not an http(s) page, and opens no window', async () => {
    const { crossSite, windows } = await setup();
    await expect(crossSite.open({ ...TARGET, origin: 'chrome-extension://other' })).rejects.toThrow(
      expect.objectContaining({ code: 'bad-origin' }),
    );
    expect(windows).toEqual([]);
  });
});

describe('cross-site-request', () => {
  it('names the requesting site and lists other accounts by name only: no HOTP, none already offered', async () => {
    const { crossSite, openAndGetId, github, mail, offeredAsked } = await setup();
    const id = await openAndGetId();
    const reply = await crossSite.request({ id }, picker);
    expect(reply.site).toBe('shop.example');
    expect(reply.origin).toBe('https://login.shop.example');
    expect(offeredAsked).toEqual(['https://login.shop.example']);
    expect(reply.accounts).toEqual([
      { id: github.id, issuer: 'GitHub', account: 'alice', letter: 'G' },
      { id: mail.id, issuer: 'Mail', account: 'bob@mail.example', letter: 'M' },
    ]);
    expect(JSON.stringify(reply)).not.toMatch(/GEZDGNBV|secret|code|counter/i);
  });

  it('answers only the picker page', async () => {
    const { crossSite, openAndGetId } = await setup();
    const id = await openAndGetId();
    for (const sender of [
      { id: 'test', url: `${OWN}/popup.html#${id}` },
      { id: 'test', url: `${OWN}/inline.html` },
      { id: 'test' },
    ]) {
      await expect(crossSite.request({ id }, sender)).rejects.toThrow(
        expect.objectContaining({ code: 'wrong-sender' }),
      );
      await expect(crossSite.pick({ id, accountId: 'x', remember: false }, sender)).rejects.toThrow(
        expect.objectContaining({ code: 'wrong-sender' }),
      );
    }
  });

  it('says the request expired after two minutes', async () => {
    const { crossSite, openAndGetId, advance } = await setup();
    const id = await openAndGetId();
    advance(2 * 60_000 + 1);
    await expect(crossSite.request({ id }, picker)).rejects.toThrow(expect.objectContaining({ code: 'expired' }));
  });

  it('says "locked" while the vault is locked', async () => {
    const { crossSite, openAndGetId, session } = await setup();
    const id = await openAndGetId();
    await session.lock();
    await expect(crossSite.request({ id }, picker)).rejects.toThrow(expect.objectContaining({ code: 'locked' }));
  });
});

describe('cross-site-pick', () => {
  it('calls onPick once with the frame the request was bound to, and then the request is gone', async () => {
    const { crossSite, openAndGetId, github, picks } = await setup();
    const id = await openAndGetId();
    await crossSite.pick({ id, accountId: github.id, remember: false }, picker);
    expect(picks).toEqual([{ target: TARGET, accountId: github.id }]);
    await expect(crossSite.pick({ id, accountId: github.id, remember: false }, picker)).rejects.toThrow(
      expect.objectContaining({ code: 'unknown-request' }),
    );
    expect(picks).toHaveLength(1);
  });

  it('lets only one of two simultaneous picks through', async () => {
    const { crossSite, openAndGetId, github, mail, picks } = await setup();
    const id = await openAndGetId();
    const results = await Promise.allSettled([
      crossSite.pick({ id, accountId: github.id, remember: false }, picker),
      crossSite.pick({ id, accountId: mail.id, remember: false }, picker),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(picks).toHaveLength(1);
  });

  it('refuses an expired request and calls nothing', async () => {
    const { crossSite, openAndGetId, github, picks, advance } = await setup();
    const id = await openAndGetId();
    advance(2 * 60_000 + 1);
    await expect(crossSite.pick({ id, accountId: github.id, remember: true }, picker)).rejects.toThrow(
      expect.objectContaining({ code: 'expired' }),
    );
    expect(picks).toEqual([]);
  });

  it('refuses a HOTP account, an unknown account and an unknown request with their own codes', async () => {
    const { crossSite, openAndGetId, bank, github, picks, vault } = await setup();
    const id = await openAndGetId();
    await expect(crossSite.pick({ id, accountId: bank.id, remember: true }, picker)).rejects.toThrow(
      expect.objectContaining({ code: 'hotp' }),
    );
    expect(vault.get(bank.id).sites).toEqual(['bank.example']);
    await expect(crossSite.pick({ id, accountId: 'no-such-account', remember: false }, picker)).rejects.toThrow(
      expect.objectContaining({ code: 'unknown-account' }),
    );
    await expect(
      crossSite.pick({ id: 'ff'.repeat(16), accountId: github.id, remember: false }, picker),
    ).rejects.toThrow(expect.objectContaining({ code: 'unknown-request' }));
    expect(picks).toEqual([]);
    // A refused pick leaves the request for a proper one.
    await crossSite.pick({ id, accountId: github.id, remember: false }, picker);
    expect(picks).toHaveLength(1);
  });

  it('with "remember", adds the requesting site to the account before onPick; without, leaves its sites', async () => {
    const { crossSite, openAndGetId, github, mail, vault, session } = await setup();
    const id = await openAndGetId();
    await crossSite.pick({ id, accountId: mail.id, remember: false }, picker);
    expect(vault.get(mail.id).sites).toEqual([]);

    let sitesWhenPicked: string[] = [];
    const windows: string[] = [];
    const watched = createCrossSite({
      session,
      onPick: async (_target, accountId) => {
        sitesWhenPicked = [...vault.get(accountId).sites];
      },
      offeredIds: () => [],
      openWindow: async (path) => {
        windows.push(path);
        return { windowId: 1 };
      },
      now: () => 1_800_000_000_000,
      random: fx.random,
    });
    await watched.open(TARGET);
    const again = (windows[0] ?? '').replace(`${PICKER_PAGE}#`, '');
    await watched.pick({ id: again, accountId: github.id, remember: true }, picker);
    expect(vault.get(github.id).sites).toEqual(['github.com', 'login.shop.example']);
    expect(sitesWhenPicked).toEqual(['github.com', 'login.shop.example']);
  });

  it('keeps pending requests in the session store, so a restarted worker still answers the window', async () => {
    const store = memoryStore();
    const first = await setup({ store });
    const id = await first.openAndGetId();
    expect(store.data.size).toBe(1);
    const restarted = createCrossSite({
      session: first.session,
      onPick: async (target, accountId) => void first.picks.push({ target, accountId }),
      offeredIds: () => [],
      openWindow: async () => ({ windowId: 1 }),
      now: () => 1_800_000_000_000 + 30_000,
      random: fx.random,
      store,
    });
    await restarted.pick({ id, accountId: first.github.id, remember: false }, picker);
    expect(first.picks).toEqual([{ target: TARGET, accountId: first.github.id }]);
    expect(store.data.size).toBe(0);
  });
});

describe('expiry', () => {
  it('drops expired requests from the session store, and leaves live ones', async () => {
    const store = memoryStore();
    const { crossSite, openAndGetId, advance } = await setup({ store });
    const old = await openAndGetId({ ...TARGET, tabId: 1 });
    advance(90_000);
    const fresh = await openAndGetId({ ...TARGET, tabId: 2 });
    await crossSite.expire();
    expect(Object.keys(store.data.get('cross-site-pending') as object).sort()).toEqual([old, fresh].sort());
    advance(31_000);
    await crossSite.expire();
    expect(Object.keys(store.data.get('cross-site-pending') as object)).toEqual([fresh]);
    advance(120_000);
    await crossSite.expire();
    expect(store.data.has('cross-site-pending')).toBe(false);
  });
});

describe('the protocol around the picker', () => {
  const ID = 'abcdefghijklmnopabcdefghijklmnop';
  const ORIGIN = `chrome-extension://${ID}`;
  const content = { id: ID, url: 'https://evil.example/', tabId: 7, frameId: 0 };
  it('refuses both messages from content scripts, and accepts them from extension pages', () => {
    for (const raw of [
      { type: 'cross-site-request', id: 'ab' },
      { type: 'cross-site-pick', id: 'ab', accountId: 'x', remember: true },
    ]) {
      expect(() => acceptRequest(raw, content, ID, ORIGIN)).toThrow(expect.objectContaining({ code: 'forbidden' }));
      expect(acceptRequest(raw, { id: ID, url: `${ORIGIN}/picker.html#ab` }, ID, ORIGIN).request).toEqual(raw);
    }
    expect(() =>
      acceptRequest({ type: 'cross-site-pick', id: 'ab', accountId: 'x' }, { id: ID, url: `${ORIGIN}/p` }, ID, ORIGIN),
    ).toThrow(/remember/);
  });
});

describe('the handlers for the picker', () => {
  it("hand both messages to the cross-site module, with the browser's sender record", async () => {
    const harness = await import('./harness');
    const { crossSite, session, openAndGetId, github, mail, picks, vault } = await setup();
    const store = harness.memoryStore();
    const h = harness.allHandlers({ session, store, crossSite });
    const id = await openAndGetId();
    const listed = await h['cross-site-request']({ type: 'cross-site-request', id }, picker);
    expect(listed.accounts.map((a) => a.id)).toEqual([github.id, mail.id]);
    await expect(
      h['cross-site-pick'](
        { type: 'cross-site-pick', id, accountId: mail.id, remember: true },
        { id: 'test', url: `${OWN}/popup.html` },
      ),
    ).rejects.toThrow(expect.objectContaining({ code: 'wrong-sender' }));
    await h['cross-site-pick']({ type: 'cross-site-pick', id, accountId: mail.id, remember: true }, picker);
    expect(picks).toEqual([{ target: TARGET, accountId: mail.id }]);
    expect(vault.get(mail.id).sites).toEqual(['login.shop.example']);
  });
});
