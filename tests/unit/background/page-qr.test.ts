import { base64 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { PageQr } from '../../../entrypoints/background/page-qr';
import { TabStatus } from '../../../entrypoints/background/tab-status';
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
    await qr.seen([await png(LINK)], { tabId: 1, frameId: 0 });
    await qr.seen([await png(LINK.replace('alice', 'bob'))], { tabId: 1, frameId: 4 });
    expect(status.qr(1)?.count).toBe(2);
    await qr.seen([], { tabId: 1, frameId: 4 });
    expect(status.qr(1)).toEqual({ count: 1, label: 'Example Site: alice' });
    status.forget(1);
    expect(status.qr(1)).toBeUndefined();
  });
});
