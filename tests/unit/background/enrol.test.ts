import 'fake-indexeddb/auto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { qrPng } from '../qr/qr-images';

/*
 * The background's enrolment service with the real vault (fake-indexeddb), the real decoder
 * (zxing-wasm from node_modules) and the browser's tabs/windows replaced by a scripted tab.
 */
vi.mock('webextension-polyfill', () => import('./scripted-tab'));

const { Enrolment } = await import('../../../entrypoints/background/enrol');
const { tab, sent } = await import('./scripted-tab');
const { enrolmentSetup } = await import('./harness');
const { nodeQrReader } = await import('../../../scripts/node-qr-decoder');

const KEY = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const HOTP = 'otpauth://hotp/Bank:bob?secret=KRSXG5CTMVRXEZLU&issuer=Bank&counter=0';

const setup = () => enrolmentSetup('enrol', { now: () => 1_800_000_000_000 });

beforeEach(async () => {
  Object.assign(tab, { url: 'https://github.com/settings/two_factor', active: true, capture: await qrPng(KEY) });
  sent.length = 0;
});

describe('Enrolment', () => {
  it('captures the tab, decodes it and reviews the account with the page’s site', async () => {
    const { enrolment } = await setup();
    const reply = await enrolment.scanTab(3);
    expect(reply.headline.english).toBe('Found 1 account.');
    expect(reply.page).toEqual({ url: tab.url, title: 'Two-factor' });
    expect(reply.accounts[0]).toMatchObject({
      issuer: 'GitHub',
      account: 'alice',
      sites: ['github.com'],
      match: { status: 'new' },
    });
  });

  it('reviews the codes the page showed only when asked to ("Add the QR code on this page"); the scan button captures', async () => {
    const { enrolment } = await setup();
    enrolment.pageCodes = () => ({ links: [HOTP], page: { url: tab.url, title: 'Two-factor' } });
    // The scan button: what is visible (the capture holds GitHub), never a record of what the page showed before.
    expect((await enrolment.scanTab(3)).accounts.map((a) => a.issuer)).toEqual(['GitHub']);
    // The page's own codes, when the person chose them.
    expect((await enrolment.scanTab(3, true)).accounts.map((a) => a.issuer)).toEqual(['Bank']);
    // Known no more (the worker restarted): the request falls back to the capture.
    enrolment.pageCodes = () => undefined;
    expect((await enrolment.scanTab(3, true)).accounts.map((a) => a.issuer)).toEqual(['GitHub']);
  });

  it('refuses to capture a tab that is not the one showing, and browser pages, with what to do', async () => {
    const { enrolment } = await setup();
    tab.active = false;
    await expect(enrolment.scanTab(3)).rejects.toMatchObject({ code: 'not-visible' });
    Object.assign(tab, { active: true, url: 'chrome://settings' });
    await expect(enrolment.scanTab(3)).rejects.toMatchObject({ code: 'protected-page' });
  });

  it('needs the vault unlocked to scan', async () => {
    const { enrolment, session } = await setup();
    await session.lock();
    await expect(enrolment.scanTab(3)).rejects.toMatchObject({ code: 'locked' });
  });

  it('stores new accounts, refuses a second copy of a key, and updates the account with the same key', async () => {
    const { enrolment, session } = await setup();
    const reply = await enrolment.scanTab(3);
    const { added } = await enrolment.enrol({
      items: [{ uri: reply.accounts[0]?.uri as string, sites: ['github.com'] }],
    });
    expect(added).toHaveLength(1);
    await expect(enrolment.enrol({ items: [{ uri: KEY, sites: [] }] })).rejects.toMatchObject({
      code: 'duplicate',
      message: /GitHub \(alice\) already has this key/,
    });

    tab.capture = await qrPng(
      KEY.replace('issuer=GitHub', 'issuer=GitHub%20Inc.').replace('GitHub:', 'GitHub%20Inc.:'),
    );
    const again = await enrolment.scanTab(3);
    expect(again.accounts[0]?.match).toMatchObject({ status: 'changed', id: added[0]?.id });
    const { updated } = await enrolment.enrol({
      items: [{ uri: again.accounts[0]?.uri as string, sites: ['gist.github.com'], replaceId: added[0]?.id as string }],
    });
    expect(updated[0]).toMatchObject({
      id: added[0]?.id,
      issuer: 'GitHub Inc.',
      sites: ['github.com', 'gist.github.com'],
    });
    expect((await session.require()).accounts()).toHaveLength(1);
  });

  it('never moves an HOTP counter back when a scan updates the account', async () => {
    const { enrolment, session } = await setup();
    const { added } = await enrolment.enrol({ items: [{ uri: HOTP, sites: [] }] });
    const id = added[0]?.id as string;
    const vault = await session.require();
    await vault.nextHotpCode(id);
    await vault.nextHotpCode(id);
    await enrolment.enrol({ items: [{ uri: HOTP.replace('Bank:bob', 'Bank:robert'), sites: [], replaceId: id }] });
    const otp = vault.get(id).otp;
    expect(otp.kind === 'hotp' && otp.counter).toBe(2n);
    expect(vault.get(id).otp.account).toBe('robert');
  });

  it('refuses to let a scan replace an account with a different key, and stores nothing of that change', async () => {
    const { enrolment, session } = await setup();
    const { added } = await enrolment.enrol({ items: [{ uri: KEY, sites: [] }] });
    await expect(
      enrolment.enrol({
        items: [
          { uri: HOTP, sites: [] },
          { uri: HOTP.replace('KRSXG5CTMVRXEZLU', 'MFRGGZDFMZTWQ2LK'), sites: [], replaceId: added[0]?.id as string },
        ],
      }),
    ).rejects.toThrow(/a different key/);
    expect((await session.require()).accounts()).toHaveLength(1);
  });

  it('reads pasted links one per line, with a Google Authenticator export among them', async () => {
    const { enrolment } = await setup();
    const reply = await enrolment.scanText(`${KEY}\n\n  ${HOTP}  \nhello`);
    expect(reply.accounts.map((a) => a.issuer)).toEqual(['GitHub', 'Bank']);
    expect(reply.ignored.map((t) => t.english)).toEqual(['text: “hello”']);
  });

  it('reads a picture and says clearly when a file is not one', async () => {
    const { enrolment } = await setup();
    const reply = await enrolment.scanImage(Buffer.from(await qrPng(HOTP)).toString('base64'));
    expect(reply.source).toBe('image');
    expect(reply.accounts[0]?.summary.english).toBe('HOTP · SHA1 · 6 digits · counter 0');
    await expect(enrolment.scanImage(Buffer.from('%PDF-1.4').toString('base64'))).rejects.toThrow(
      /not a picture Twofold can read/,
    );
  });

  it('leaves a shortcut scan for the window it opens, kept while the vault is locked, until dismissed', async () => {
    const { enrolment, windows, session } = await setup();
    await enrolment.scanTabToWindow(3);
    expect(windows).toEqual(['popup.html?tab=3#scan']);
    await session.lock();
    await expect(enrolment.pending()).rejects.toMatchObject({ code: 'locked' });
    await session.unlock('pw');
    const pending = await enrolment.pending();
    expect(pending.tabId).toBe(3);
    expect(pending.scan?.accounts[0]?.issuer).toBe('GitHub');
    // Still there while the window reviews it (a lock and unlock in between must not lose it).
    expect((await enrolment.pending()).scan?.accounts).toHaveLength(1);
    await enrolment.dismissPending();
    expect(await enrolment.pending()).toEqual({});
  });

  it('drops a pending scan once it expires, and says so', async () => {
    const { session, store, data } = await setup();
    let now = 1_800_000_000_000;
    const timed = new Enrolment(
      session,
      store,
      nodeQrReader(),
      async () => {},
      () => now,
    );
    await timed.scanTabToWindow(3);
    now += 11 * 60_000;
    await timed.expire();
    expect(data.has('pending-scan')).toBe(false);
    await timed.scanTabToWindow(3);
    now += 11 * 60_000;
    expect(await timed.pending()).toEqual({ expired: true });
    expect(data.has('pending-scan')).toBe(false);
  });

  it('shows a region box that is too small in the window instead of failing silently', async () => {
    const { enrolment, windows } = await setup();
    await enrolment.startRegion(3);
    const sender = { id: 'x', url: tab.url, tabId: 3, frameId: 0 };
    await enrolment.regionSelected(
      { rect: { x: 0, y: 0, width: 10, height: 10 }, viewport: { width: 1280, height: 720 } },
      sender,
    );
    expect(windows).toEqual(['popup.html?tab=3#scan']);
    expect((await enrolment.pending()).error?.english).toMatch(/too small/);
  });

  it('refuses two saves of the same key, even when they race', async () => {
    const { enrolment, session } = await setup();
    const results = await Promise.allSettled([
      enrolment.enrol({ items: [{ uri: KEY, sites: [] }] }),
      enrolment.enrol({ items: [{ uri: KEY, sites: [] }] }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((await session.require()).accounts()).toHaveLength(1);
    await expect(
      enrolment.enrol({
        items: [
          { uri: HOTP, sites: [] },
          { uri: HOTP, sites: [] },
        ],
      }),
    ).rejects.toThrow(/in this change twice/);
  });

  it('turns a damaged picture into a clear error', async () => {
    const { enrolment } = await setup();
    await expect(enrolment.scanImage('A')).rejects.toMatchObject({
      code: 'unreadable-image',
      message: /not valid base64/,
    });
  });

  it('shows a refused capture in the window too', async () => {
    const { enrolment } = await setup();
    tab.url = 'https://example.com/codes.pdf';
    await enrolment.scanTabToWindow(3);
    expect((await enrolment.pending()).error?.key).toBe('core_capture_pdf');
    expect((await enrolment.pending()).error?.english).toMatch(/^PDF files open in the browser's own viewer/);
  });

  it('honours a region or image answer only when the user asked for one on that tab', async () => {
    const { enrolment } = await setup();
    const sender = { id: 'x', url: tab.url, tabId: 3, frameId: 0 };
    const region = { rect: { x: 0, y: 0, width: 300, height: 300 }, viewport: { width: 1280, height: 720 } };
    await expect(enrolment.regionSelected(region, sender)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(enrolment.imagePicked({}, sender)).rejects.toMatchObject({ code: 'forbidden' });
    await enrolment.startRegion(3);
    expect(sent).toEqual([{ type: 'select-region' }]);
    // Asked for a region: an image answer, or one from another frame, is still refused.
    await expect(enrolment.imagePicked({}, sender)).rejects.toMatchObject({ code: 'forbidden' });
    await expect(enrolment.regionSelected(region, { ...sender, frameId: 2 })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('reads an image given as a data: URL without asking the page', async () => {
    const { enrolment, windows } = await setup();
    const png = Buffer.from(await qrPng(HOTP)).toString('base64');
    await enrolment.imageMenu({ tabId: 3, frameId: 0, srcUrl: `data:image/png;base64,${png}` });
    expect(sent).toEqual([]);
    expect(windows).toEqual(['popup.html?tab=3#scan']);
    expect((await enrolment.pending()).scan?.source).toBe('image');
  });

  it('asks the frame for any other image, and takes its pixels once', async () => {
    const { enrolment } = await setup();
    await enrolment.imageMenu({ tabId: 3, frameId: 5, srcUrl: 'https://cdn.example/qr.png' });
    expect(sent).toEqual([{ type: 'read-image', srcUrl: 'https://cdn.example/qr.png' }]);
    const sender = { id: 'x', url: tab.url, tabId: 3, frameId: 5 };
    await enrolment.imagePicked({ image: Buffer.from(await qrPng(KEY)).toString('base64') }, sender);
    expect((await enrolment.pending()).scan?.accounts[0]?.issuer).toBe('GitHub');
    await expect(enrolment.imagePicked({}, sender)).rejects.toMatchObject({ code: 'forbidden' });
  });
});
