import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ContentCommand } from '../../../lib/messaging/protocol';
import { VaultError } from '../../../lib/vault/errors';
import { rejectsWith } from '../rejects';

const { OfferService } = await import('../../../entrypoints/background/offer-service');
const { VaultSession } = await import('../../../lib/vault/session');
const { openIdbVaultStore } = await import('../../../platform/idb-vault-store');
const { fx, CHEAP } = await import('../vault/fixtures');

const rfc = new TextEncoder().encode('12345678901234567890');

/** The real service and vault; the browser around them is a record of what was sent where. */
async function setup({ vault: withVault = true } = {}) {
  const data = new Map<string, unknown>();
  const store = {
    get: async (k: string) => data.get(k) as never,
    set: async (k: string, v: unknown) => void data.set(k, v),
    remove: async (k: string) => void data.delete(k),
  };
  const session = new VaultSession(await openIdbVaultStore(`offers-${randomUUID()}`), store, fx, CHEAP);
  const sent: { tabId: number; frameId: number; command: ContentCommand }[] = [];
  const opened: unknown[] = [];
  let now = 1_800_000_000_000;
  const service = new OfferService({
    session,
    keys: { offersFor: async () => [], codeForFill: async () => '000000' },
    store,
    sendToFrame: async (tabId, frameId, command) => {
      sent.push({ tabId, frameId, command });
      return true;
    },
    notifyFrames: async () => {},
    crossSite: { open: async (target) => void opened.push(target) },
    now: () => now,
    random: (n) => crypto.getRandomValues(new Uint8Array(n)),
  });
  const h = service.handlers();
  const ids: Record<string, string> = {};
  if (withVault) {
    await session.create('pw');
    const vault = await session.require();
    const totp = (issuer: string, account: string) =>
      ({ kind: 'totp', secret: rfc, issuer, account, algorithm: 'SHA1', digits: 6, period: 30 }) as const;
    const base = { notes: '', pinned: false };
    ids.a = (
      await vault.add({
        ...base,
        otp: totp('GitHub', 'alice'),
        sites: ['github.com'],
        recoveryCodes: [{ code: 'r-1' }, { code: 'r-0', usedAt: 1 }, { code: 'r-2' }],
      })
    ).id;
    ids.b = (await vault.add({ ...base, otp: totp('Example', 'bob'), sites: ['example.com'], recoveryCodes: [] })).id;
    ids.c = (
      await vault.add({
        ...base,
        otp: {
          kind: 'hotp',
          secret: rfc,
          issuer: 'GitHub HOTP',
          account: 'carol',
          algorithm: 'SHA1',
          digits: 6,
          counter: 0n,
        },
        sites: ['github.com'],
        recoveryCodes: [],
      })
    ).id;
    ids.d = (
      await vault.add({
        ...base,
        otp: {
          kind: 'hotp',
          secret: rfc,
          issuer: 'Counter',
          account: 'dan',
          algorithm: 'SHA1',
          digits: 6,
          counter: 0n,
        },
        sites: ['counter.test'],
        recoveryCodes: [],
      })
    ).id;
  }
  return {
    service,
    h,
    session,
    data,
    sent,
    opened,
    ids,
    tick: (ms: number) => {
      now += ms;
    },
  };
}

/** A content script in tab 1 (frame 0 unless said), as the browser's sender record describes it. */
const page = (url: string, frameId = 0, tabId = 1) => ({ id: 'x', url, tabId, frameId });
/** The offer frame (an extension page) in tab 1. */
const frame = (frameId = 7, tabId = 1) => ({ id: 'x', url: 'chrome-extension://dyn/offer-frame.html', tabId, frameId });

async function boundOffer(h: Awaited<ReturnType<typeof setup>>['h'], url: string, kind: 'totp' | 'recovery' = 'totp') {
  const { offer } = await h['offer-open']({ type: 'offer-open', kind }, page(url));
  await h['offer-hello']({ type: 'offer-hello', offer }, frame());
  return offer;
}

const lastGrant = (sent: { command: ContentCommand }[]) => {
  const c = sent.at(-1)?.command;
  if (c?.type !== 'fill-grant') throw new Error('no grant was sent');
  return c.grant;
};

describe('offer frames (issue 14, findings 1, 4, 5, 8)', () => {
  it('make no offer at all without a vault', async () => {
    const { h } = await setup({ vault: false });
    await expect(h['offer-open']({ type: 'offer-open', kind: 'totp' }, page('https://github.com/'))).rejects.toThrow(
      expect.objectContaining({ code: 'no-vault' }),
    );
  });

  it('serve the menu of the page frame’s site to the bound frame only, with codes and never secrets', async () => {
    const { h, ids } = await setup();
    const offer = await boundOffer(h, 'https://gist.github.com/login');
    const menu = await h['offer-menu']({ type: 'offer-menu', offer }, frame());
    expect(menu.state).toBe('unlocked');
    expect(menu.items.map((i) => i.id).sort()).toEqual([ids.a, ids.c].sort());
    expect(menu.items.find((i) => i.id === ids.a)?.code).toMatch(/^\d{6}$/);
    expect(menu.items.find((i) => i.id === ids.c)?.code).toBeUndefined();
    expect(JSON.stringify(menu)).not.toMatch(/secret|GEZDGNBV|3132333435|r-1/);
    // Another frame of the tab, or the same frame id in another tab, is not the bound frame.
    for (const other of [frame(8), frame(7, 2)]) {
      await expect(h['offer-menu']({ type: 'offer-menu', offer }, other)).rejects.toThrow(
        expect.objectContaining({ code: 'wrong-sender' }),
      );
    }
  });

  it('bind the first presenter of a token and refuse a second one, and any presenter from another tab', async () => {
    const { h } = await setup();
    const { offer } = await h['offer-open']({ type: 'offer-open', kind: 'totp' }, page('https://github.com/'));
    await expect(h['offer-hello']({ type: 'offer-hello', offer }, frame(7, 2))).rejects.toThrow(
      expect.objectContaining({ code: 'wrong-sender' }),
    );
    await h['offer-hello']({ type: 'offer-hello', offer }, frame(7));
    await expect(h['offer-hello']({ type: 'offer-hello', offer }, frame(9))).rejects.toThrow(
      expect.objectContaining({ code: 'already-bound' }),
    );
  });

  it('fill a pick through a one-time grant that only the page frame it was made for can use', async () => {
    const { h, ids, sent } = await setup();
    const offer = await boundOffer(h, 'https://github.com/login');
    await h['offer-pick']({ type: 'offer-pick', offer, id: ids.a as string, what: 'code' }, frame());
    expect(sent.at(-1)).toMatchObject({ tabId: 1, frameId: 0, command: { type: 'fill-grant', offer } });
    // The person asked: not marked automatic, so a code that does not go in is said in the page.
    expect(sent.at(-1)?.command).not.toHaveProperty('auto');
    const grant = lastGrant(sent);
    const { code } = await h['fill-code']({ type: 'fill-code', grant }, page('https://github.com/login'));
    expect(code).toMatch(/^\d{6}$/);
    // Used once: a second presentation is refused.
    await expect(h['fill-code']({ type: 'fill-code', grant }, page('https://github.com/login'))).rejects.toThrow(
      expect.objectContaining({ code: 'unknown-token' }),
    );
    // Another frame, or the same frame after it navigated to another origin, gets nothing (and burns the grant).
    await h['offer-pick']({ type: 'offer-pick', offer, id: ids.a as string, what: 'code' }, frame());
    const second = lastGrant(sent);
    await expect(h['fill-code']({ type: 'fill-code', grant: second }, page('https://github.com/', 3))).rejects.toThrow(
      expect.objectContaining({ code: 'wrong-sender' }),
    );
    await h['offer-pick']({ type: 'offer-pick', offer, id: ids.a as string, what: 'code' }, frame());
    const third = lastGrant(sent);
    await expect(h['fill-code']({ type: 'fill-code', grant: third }, page('https://evil.test/'))).rejects.toThrow(
      expect.objectContaining({ code: 'wrong-sender' }),
    );
  });

  it('refuse a pick of an account the frame’s menu does not list (another site’s)', async () => {
    const { h, ids, sent } = await setup();
    const offer = await boundOffer(h, 'https://github.com/');
    await expect(
      h['offer-pick']({ type: 'offer-pick', offer, id: ids.b as string, what: 'code' }, frame()),
    ).rejects.toThrow(expect.objectContaining({ code: 'not-for-this-site' }));
    expect(sent).toEqual([]);
  });

  it('let a grant expire after a few seconds', async () => {
    const { h, ids, sent, tick } = await setup();
    const offer = await boundOffer(h, 'https://github.com/');
    await h['offer-pick']({ type: 'offer-pick', offer, id: ids.a as string, what: 'code' }, frame());
    tick(6000);
    await expect(
      h['fill-code']({ type: 'fill-code', grant: lastGrant(sent) }, page('https://github.com/')),
    ).rejects.toThrow(expect.objectContaining({ code: 'grant-expired' }));
  });

  it('give one recovery code per pick, never the same one twice (a filled code waits for a verdict: issue 15)', async () => {
    const { h, ids, sent, session } = await setup();
    const offer = await boundOffer(h, 'https://github.com/', 'recovery');
    const menu = await h['offer-menu']({ type: 'offer-menu', offer }, frame());
    expect(menu.items).toMatchObject([
      { id: ids.a, what: 'recovery', code: 'r-1' },
      { id: ids.a, what: 'recovery', code: 'r-2' },
    ]);
    const codes: string[] = [];
    for (let i = 0; i < 2; i++) {
      await h['offer-pick']({ type: 'offer-pick', offer, id: ids.a as string, what: 'recovery' }, frame());
      codes.push(
        (await h['fill-code']({ type: 'fill-code', grant: lastGrant(sent) }, page('https://github.com/'))).code,
      );
    }
    expect(codes).toEqual(['r-1', 'r-2']);
    // Not marked used yet (the site may not have taken them), but never offered again meanwhile.
    const stored = (await session.require()).get(ids.a as string).recoveryCodes;
    expect(stored.filter((r) => r.usedAt === undefined).map((r) => r.code)).toEqual(['r-1', 'r-2']);
    // None left: the menu lists nothing, and a pick is refused.
    expect((await h['offer-menu']({ type: 'offer-menu', offer }, frame())).items).toEqual([]);
    await rejectsWith(
      h['offer-pick']({ type: 'offer-pick', offer, id: ids.a as string, what: 'recovery' }, frame()),
      VaultError,
      'not-for-this-site',
    );
  });

  it('hand out HOTP codes in order through grants, advancing the stored counter', async () => {
    const { h, ids, sent } = await setup();
    const offer = await boundOffer(h, 'https://github.com/');
    const codes: string[] = [];
    for (let i = 0; i < 2; i++) {
      await h['offer-pick']({ type: 'offer-pick', offer, id: ids.c as string, what: 'code' }, frame());
      codes.push(
        (await h['fill-code']({ type: 'fill-code', grant: lastGrant(sent) }, page('https://github.com/'))).code,
      );
    }
    expect(codes).toEqual(['755224', '287082']); // RFC 4226 App. D
  });

  it('say "locked" and list nothing while the vault is locked', async () => {
    const { h, session } = await setup();
    const offer = await boundOffer(h, 'https://github.com/');
    await session.lock();
    expect(await h['offer-menu']({ type: 'offer-menu', offer }, frame())).toMatchObject({ state: 'locked', items: [] });
  });
});

describe('the shortcut and the context menu (issue 14, finding 3)', () => {
  it('go to the one frame that reported a focused code field, which then gets one grant', async () => {
    const { service, h, sent } = await setup();
    await service.shortcut(1);
    expect(sent).toEqual([]); // no frame said it has a focused code field: nothing is sent anywhere
    await h['code-field-focus']({ type: 'code-field-focus' }, page('https://github.com/', 3));
    await service.shortcut(1);
    expect(sent).toEqual([{ tabId: 1, frameId: 3, command: { type: 'fill-best' } }]);
    // A frame the command was not sent to cannot ask for the fill.
    await expect(h['fill-asked']({ type: 'fill-asked', kind: 'totp' }, page('https://github.com/', 0))).rejects.toThrow(
      expect.objectContaining({ code: 'wrong-sender' }),
    );
    await h['fill-asked']({ type: 'fill-asked', kind: 'totp' }, page('https://github.com/', 3));
    expect(sent.at(-1)).toMatchObject({ tabId: 1, frameId: 3, command: { type: 'fill-grant' } });
    const { code } = await h['fill-code'](
      { type: 'fill-code', grant: lastGrant(sent) },
      page('https://github.com/', 3),
    );
    expect(code).toMatch(/^\d{6}$/);
    // Once per command.
    await expect(h['fill-asked']({ type: 'fill-asked', kind: 'totp' }, page('https://github.com/', 3))).rejects.toThrow(
      expect.objectContaining({ code: 'wrong-sender' }),
    );
  });

  it('the context menu: only the clicked frame, and a recovery field gets the next recovery code', async () => {
    const { service, h, sent } = await setup();
    await service.contextMenu(1, 4);
    expect(sent).toEqual([{ tabId: 1, frameId: 4, command: { type: 'fill-here' } }]);
    await h['fill-asked']({ type: 'fill-asked', kind: 'recovery' }, page('https://github.com/', 4));
    const { code } = await h['fill-code'](
      { type: 'fill-code', grant: lastGrant(sent) },
      page('https://github.com/', 4),
    );
    expect(code).toBe('r-1');
  });
});

describe('automatic fills (issue 14, findings 6 and 7)', () => {
  async function autoOn() {
    const s = await setup();
    await s.session.savePreferences({ fillMode: 'auto-single' });
    return s;
  }

  it('fill one exact account by itself once per page load and at most once per 30 s per tab', async () => {
    const { service, h, sent, tick } = await autoOn();
    const ready = () => h['code-field-ready']({ type: 'code-field-ready', kind: 'totp' }, page('https://example.com/'));
    await ready();
    expect(sent).toHaveLength(1);
    // Marked automatic: the page shows no notice if its code does not go in (docs/architecture.md "Messages").
    expect(sent[0]?.command).toMatchObject({ type: 'fill-grant', auto: true });
    const { code } = await h['fill-code']({ type: 'fill-code', grant: lastGrant(sent) }, page('https://example.com/'));
    expect(code).toMatch(/^\d{6}$/);
    await ready(); // the page replaced its field
    expect(sent).toHaveLength(1);
    await service.tabReset(1, false); // a new page load, but within 30 s
    await ready();
    expect(sent).toHaveLength(1);
    tick(30_001);
    await service.tabReset(1, false);
    await ready();
    expect(sent).toHaveLength(2);
  });

  it('never fill HOTP by itself, nor when two accounts match, nor when the setting is off', async () => {
    const { h, sent, session } = await autoOn();
    await h['code-field-ready']({ type: 'code-field-ready', kind: 'totp' }, page('https://counter.test/'));
    await h['code-field-ready']({ type: 'code-field-ready', kind: 'totp' }, page('https://github.com/', 0, 2));
    expect(sent).toEqual([]);
    await session.savePreferences({ fillMode: 'click' });
    await h['code-field-ready']({ type: 'code-field-ready', kind: 'totp' }, page('https://example.com/', 0, 3));
    expect(sent).toEqual([]);
  });
});

describe('automatic submit that never hammers a site (issue 15, finding 1)', () => {
  async function autoSubmitOn() {
    const s = await setup();
    await s.session.savePreferences({ fillMode: 'auto-single', submitAfterFill: true });
    return s;
  }
  const ready = (h: Awaited<ReturnType<typeof setup>>['h'], url: string, extra = {}) =>
    h['code-field-ready']({ type: 'code-field-ready', kind: 'totp', ...extra }, page(url));

  it('the code step coming back after an automatic submit halts the tab, across page loads and the 30 s interval', async () => {
    const { service, h, sent, tick } = await autoSubmitOn();
    await ready(h, 'https://example.com/2fa');
    const { submit } = await h['fill-code'](
      { type: 'fill-code', grant: lastGrant(sent) },
      page('https://example.com/2fa'),
    );
    expect(submit).toBe(true);
    // The site re-renders its step with an error: a new page load with a new field.
    await service.tabReset(1, false);
    tick(2000);
    await ready(h, 'https://example.com/2fa');
    tick(60_000);
    await service.tabReset(1, false);
    await ready(h, 'https://example.com/2fa');
    expect(sent).toHaveLength(1);
    // Another tab of the same site is not this tab: its own single attempt.
    await h['code-field-ready']({ type: 'code-field-ready', kind: 'totp' }, page('https://example.com/2fa', 0, 2));
    expect(sent).toHaveLength(2);
  });

  it("the tab's offer frames say whose code the site refused, and a fill by hand resumes automatic fills", async () => {
    const { service, h, sent, tick, ids } = await autoSubmitOn();
    const offer = await boundOffer(h, 'https://example.com/2fa');
    await ready(h, 'https://example.com/2fa');
    await h['fill-code']({ type: 'fill-code', grant: lastGrant(sent) }, page('https://example.com/2fa'));
    // A page that stays (an SPA) shows an error next to the field instead of a new step.
    await ready(h, 'https://example.com/2fa', { refused: true });
    const menu = await h['offer-menu']({ type: 'offer-menu', offer }, frame());
    expect(menu.notice).toEqual({ what: 'refused', issuer: 'Example', account: 'bob' });
    // A frame loaded after the halt (the step reloaded) opens by itself: its hello says there is a notice.
    const { offer: later } = await h['offer-open'](
      { type: 'offer-open', kind: 'totp' },
      page('https://example.com/2fa'),
    );
    expect((await h['offer-hello']({ type: 'offer-hello', offer: later }, frame(8))).notice).toBe(true);
    // The person picks the account themselves: that fill is theirs and ends the halt.
    await h['offer-pick']({ type: 'offer-pick', offer, id: ids.b as string, what: 'code' }, frame());
    await h['fill-code']({ type: 'fill-code', grant: lastGrant(sent) }, page('https://example.com/2fa'));
    expect((await h['offer-menu']({ type: 'offer-menu', offer }, frame())).notice).toBeUndefined();
    tick(30_001);
    await service.tabReset(1, false);
    const before = sent.length;
    await ready(h, 'https://example.com/2fa');
    expect(sent).toHaveLength(before + 1);
  });

  it('a halt ends when the tab loads a page of another site, and only then', async () => {
    const { service, h, sent, tick } = await autoSubmitOn();
    const offer = await boundOffer(h, 'https://example.com/2fa');
    await ready(h, 'https://example.com/2fa');
    await h['fill-code']({ type: 'fill-code', grant: lastGrant(sent) }, page('https://example.com/2fa'));
    await ready(h, 'https://example.com/2fa', { refused: true });
    const noticeAt = async () => {
      const { offer: o } = await h['offer-open']({ type: 'offer-open', kind: 'totp' }, page('https://example.com/2fa'));
      return (await h['offer-hello']({ type: 'offer-hello', offer: o }, frame(20 + sent.length))).notice;
    };
    expect((await h['offer-menu']({ type: 'offer-menu', offer }, frame())).notice).toMatchObject({ what: 'refused' });
    // The same site loads again (the step with its error): still halted.
    await service.tabReset(1, false, 'https://example.com/2fa?error=1');
    expect(await noticeAt()).toBe(true);
    // The person goes elsewhere, then comes back to the site later: a new visit, no halt, no notice.
    await service.tabReset(1, false, 'https://news.test/');
    tick(60_001);
    await service.tabReset(1, false, 'https://example.com/2fa');
    expect(await noticeAt()).toBeUndefined();
    const before = sent.length;
    await ready(h, 'https://example.com/2fa');
    expect(sent).toHaveLength(before + 1);
  });

  it('a halt survives a worker restart (its record is in session storage)', async () => {
    const s = await autoSubmitOn();
    await ready(s.h, 'https://example.com/2fa');
    await s.h['fill-code']({ type: 'fill-code', grant: lastGrant(s.sent) }, page('https://example.com/2fa'));
    await ready(s.h, 'https://example.com/2fa', { refused: true });
    const restarted = new OfferService({
      session: s.session,
      keys: { offersFor: async () => [], codeForFill: async () => '000000' },
      store: {
        get: async (k: string) => s.data.get(k) as never,
        set: async (k: string, v: unknown) => void s.data.set(k, v),
        remove: async (k: string) => void s.data.delete(k),
      },
      sendToFrame: async (tabId, frameId, command) => {
        s.sent.push({ tabId, frameId, command });
        return true;
      },
      notifyFrames: async () => {},
      crossSite: { open: async () => {} },
      now: () => 1_800_000_000_000 + 120_000,
      random: (n) => crypto.getRandomValues(new Uint8Array(n)),
    }).handlers();
    const before = s.sent.length;
    await ready(restarted, 'https://example.com/2fa');
    expect(s.sent).toHaveLength(before);
    // The reloaded step's offer frame still says whose code was refused.
    const { offer } = await restarted['offer-open'](
      { type: 'offer-open', kind: 'totp' },
      page('https://example.com/2fa'),
    );
    expect((await restarted['offer-hello']({ type: 'offer-hello', offer }, frame(9))).notice).toBe(true);
    expect((await restarted['offer-menu']({ type: 'offer-menu', offer }, frame(9))).notice).toEqual({
      what: 'refused',
      issuer: 'Example',
      account: 'bob',
    });
  });

  it('never fills an enrolment step by itself, and an enrolment step is not a refused sign-in', async () => {
    const { h, sent } = await autoSubmitOn();
    await ready(h, 'https://example.com/settings/2fa', { enrol: true });
    expect(sent).toEqual([]);
    await ready(h, 'https://example.com/2fa');
    expect(sent).toHaveLength(1);
  });

  it('an error next to a field after a fill by hand halts nothing', async () => {
    const { h, sent, tick, ids } = await autoSubmitOn();
    const offer = await boundOffer(h, 'https://example.com/2fa');
    tick(1000);
    await h['offer-pick']({ type: 'offer-pick', offer, id: ids.b as string, what: 'code' }, frame());
    await h['fill-code']({ type: 'fill-code', grant: lastGrant(sent) }, page('https://example.com/2fa'));
    await ready(h, 'https://example.com/2fa', { refused: true });
    expect((await h['offer-menu']({ type: 'offer-menu', offer }, frame())).notice).toBeUndefined();
  });

  it('a fill that was not submitted: the offer frames of that tab say why', async () => {
    const { h } = await autoSubmitOn();
    const offer = await boundOffer(h, 'https://example.com/2fa');
    await h['fill-not-submitted']({ type: 'fill-not-submitted', why: 'not-stuck' }, page('https://example.com/2fa'));
    expect((await h['offer-menu']({ type: 'offer-menu', offer }, frame())).notice).toEqual({
      what: 'not-submitted',
      why: 'not-stuck',
    });
  });
});

describe('what the offers keep in session storage (review finding 7)', () => {
  it('keeps the page frame’s origin only, never its URL', async () => {
    const { h, data } = await setup();
    const path = `/login?${'p'.repeat(50_000)}`;
    await h['offer-open']({ type: 'offer-open', kind: 'totp' }, page(`https://github.com${path}`));
    const saved = JSON.stringify([...data.entries()].filter(([k]) => k === 'offer-state'));
    expect(saved).toContain('https://github.com');
    expect(saved).not.toContain('pppp');
  });

  it('still lists the site’s accounts, from the origin alone', async () => {
    const { h, ids } = await setup();
    const offer = await boundOffer(h, 'https://github.com/very/long/path?q=1#x');
    const menu = await h['offer-menu']({ type: 'offer-menu', offer }, frame());
    expect(menu.items.map((i) => i.id).sort()).toEqual([ids.a, ids.c].sort());
  });
});

describe('cross-site picks (issue 14, finding 5)', () => {
  it('grant another site’s TOTP account to the frame the window was opened for, never an HOTP one', async () => {
    const { service, h, ids, sent, opened } = await setup();
    const offer = await boundOffer(h, 'https://github.com/');
    await h['offer-others']({ type: 'offer-others', offer }, frame());
    expect(opened).toEqual([{ tabId: 1, frameId: 0, origin: 'https://github.com', offer }]);
    const target = { tabId: 1, frameId: 0, origin: 'https://github.com', offer };
    await expect(service.crossSitePick(target, ids.d as string)).rejects.toThrow(
      expect.objectContaining({ code: 'refused' }),
    );
    await service.crossSitePick(target, ids.b as string);
    // The grant names the field that asked, so the fill lands there and not in the focused one.
    expect(sent.at(-1)?.command).toEqual({ type: 'fill-grant', grant: expect.any(String), offer });
    const { code } = await h['fill-code']({ type: 'fill-code', grant: lastGrant(sent) }, page('https://github.com/'));
    expect(code).toMatch(/^\d{6}$/);
  });
});
