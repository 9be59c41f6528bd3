import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { PageQr } from '../../../entrypoints/background/page-qr';
import { QR_FRAMES, QR_REPORTS, TabStatus } from '../../../entrypoints/background/tab-status';
import { PAGE_TOTAL } from '../../../lib/qr/page-candidates';
import { nodeQrReader } from '../../../scripts/node-qr-decoder';
import { qrPng } from '../qr/qr-images';

const LINK = 'otpauth://totp/Example%20Site:alice?secret=JBSWY3DPEHPK3PXP&issuer=Example%20Site';
const page = async () => ({ url: 'https://example.com/enrol', title: 'Set up two-factor' });
const png = async (text: string) => base64.encode(await qrPng(text));

describe('PageQr: a page’s pictures, decoded in the background, kept per tab and frame', () => {
  it('records the two-factor codes a frame showed, from the sender record, and says only count and label', async () => {
    const status = new TabStatus();
    const qr = new PageQr(status, nodeQrReader(), page);
    const reply = await qr.seen([await png('https://example.com/app'), await png(LINK), 'not base64!'], {
      tabId: 7,
      frameId: 0,
      url: 'https://example.com/enrol',
    });
    expect(reply).toEqual({ count: 1 });
    expect(status.qr(7)).toEqual({ count: 1, label: 'Example Site: alice' });
    expect(status.qr(8)).toBeUndefined();
    expect(status.qrLinks(7)).toEqual({
      links: [LINK],
      page: { url: 'https://example.com/enrol', title: 'Set up two-factor' },
    });
  });

  it('keeps nothing for a page whose codes are not two-factor links', async () => {
    const status = new TabStatus();
    const reply = await new PageQr(status, nodeQrReader(), page).seen([await png('https://example.com/')], {
      tabId: 3,
      frameId: 0,
    });
    expect(reply).toEqual({ count: 0 });
    expect(status.qr(3)).toBeUndefined();
    expect(status.qrLinks(3)).toBeUndefined();
  });

  it('a frame that reports again replaces its own codes; the tab’s reset forgets all', async () => {
    const status = new TabStatus();
    const qr = new PageQr(status, nodeQrReader(), page);
    const url = 'https://example.com/enrol';
    await qr.seen([await png(LINK)], { tabId: 1, frameId: 0, url });
    await qr.seen([await png(LINK.replace('alice', 'bob'))], { tabId: 1, frameId: 4, url });
    expect(status.qr(1)?.count).toBe(2);
    await qr.seen([], { tabId: 1, frameId: 4, url });
    expect(status.qr(1)).toEqual({ count: 1, label: 'Example Site: alice' });
    status.forget(1);
    expect(status.qr(1)).toBeUndefined();
  });

  it('credits a frame of another site to no notice of the tab, and counts it for an offer of that site', async () => {
    const status = new TabStatus();
    const qr = new PageQr(status, nodeQrReader(), page);
    await qr.seen([await png(LINK)], { tabId: 2, frameId: 5, url: 'https://ads.example.net/frame' });
    expect(status.qr(2)).toBeUndefined();
    expect(status.qrLinks(2)).toBeUndefined();
    expect(status.qrLinks(2, 'https://ads.example.net')?.page.url).toBe('https://ads.example.net/frame');
    // A frame on the tab's site (another host of the same registrable domain) counts.
    await qr.seen([await png(LINK.replace('alice', 'carol'))], {
      tabId: 2,
      frameId: 6,
      url: 'https://id.example.com/x',
    });
    expect(status.qr(2)?.count).toBe(1);
  });

  it('counts the same link in two frames once, as the review lists it', async () => {
    const status = new TabStatus();
    const qr = new PageQr(status, nodeQrReader(), page);
    await qr.seen([await png(LINK)], { tabId: 4, frameId: 0, url: 'https://example.com/enrol' });
    await qr.seen([await png(LINK)], { tabId: 4, frameId: 2, url: 'https://example.com/inner' });
    expect(status.qr(4)?.count).toBe(1);
    expect(status.qrLinks(4)?.links).toEqual([LINK]);
  });

  it('caps a long label', async () => {
    const status = new TabStatus();
    const long = LINK.replace('Example%20Site:alice', `Example:${'x'.repeat(200)}`).replace(
      'Example%20Site',
      'Example',
    );
    await new PageQr(status, nodeQrReader(), page).seen([await png(long)], {
      tabId: 9,
      frameId: 0,
      url: 'https://example.com/',
    });
    const label = status.qr(9)?.label ?? '';
    expect(label.length).toBeLessThanOrEqual(60);
    expect(label.startsWith('Example: xxx')).toBe(true);
  });

  it('decodes no more reports than the caps per frame and frames per tab; a navigated frame starts over', async () => {
    const status = new TabStatus();
    let reads = 0;
    const reader = nodeQrReader();
    const counting: typeof reader = async (...args) => {
      reads++;
      return reader(...args);
    };
    const qr = new PageQr(status, counting, page);
    const image = await png(LINK);
    for (let i = 0; i < QR_REPORTS + 5; i++)
      await qr.seen([image], { tabId: 3, frameId: 0, url: 'https://example.com/' });
    const perFrame = reads;
    expect(perFrame).toBeGreaterThan(0);
    await qr.seen([image], { tabId: 3, frameId: 0, url: 'https://example.com/' });
    expect(reads).toBe(perFrame);
    // Reporting nothing forgets the frame's codes but not its count of reports.
    await qr.seen([], { tabId: 3, frameId: 0, url: 'https://example.com/' });
    expect(status.qr(3)).toBeUndefined();
    await qr.seen([image], { tabId: 3, frameId: 0, url: 'https://example.com/' });
    expect(reads).toBe(perFrame);
    // The frame navigated (a new address): it starts over.
    await qr.seen([image], { tabId: 3, frameId: 0, url: 'https://example.com/next' });
    expect(reads).toBeGreaterThan(perFrame);
    for (let f = 1; f <= QR_FRAMES + 3; f++)
      await qr.seen([image], { tabId: 3, frameId: f, url: 'https://example.com/' });
    const before = reads;
    await qr.seen([image], { tabId: 3, frameId: 500, url: 'https://example.com/' });
    expect(reads).toBe(before);
  });

  it('decodes no more than the total a report may carry', async () => {
    const status = new TabStatus();
    const qr = new PageQr(status, nodeQrReader(), page);
    const big = 'A'.repeat(PAGE_TOTAL / 2);
    const url = 'https://example.com/';
    await qr.seen([big, await png(LINK)], { tabId: 1, frameId: 0, url });
    expect(status.qr(1)?.count).toBe(1);
    await qr.seen([big, big, await png(LINK)], { tabId: 1, frameId: 0, url });
    expect(status.qr(1)).toBeUndefined();
  });
});
