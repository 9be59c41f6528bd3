import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { qrPng } from '../qr/qr-images';

/*
 * The enrolment service keeps two records in storage.session that several requests change: the region or image
 * each tab was asked for, and the Google Authenticator export batches scanned so far. Requests that arrive at once
 * must each find what the others wrote.
 */
vi.mock('webextension-polyfill', () => import('./scripted-tab'));

const { tab } = await import('./scripted-tab');
const { enrolmentSetup } = await import('./harness');
const { encodeMigrationUris } = await import('../../../lib/otp/migration');

async function setup() {
  return enrolmentSetup('enrol-state', { clone: true });
}

const region = { rect: { x: 0, y: 0, width: 300, height: 300 }, viewport: { width: 1280, height: 720 } };
const from = (tabId: number) => ({ id: 'x', url: tab.url, tabId, frameId: 0 });

describe('enrolment records changed at once', () => {
  it('region selections started in two tabs at once are both honoured', async () => {
    tab.capture = await qrPng('otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub');
    const { enrolment, windows } = await setup();
    await Promise.all([enrolment.startRegion(3), enrolment.startRegion(4)]);
    await enrolment.regionSelected(region, from(3));
    await enrolment.regionSelected(region, from(4));
    expect(windows).toEqual(['popup.html?tab=3#scan', 'popup.html?tab=4#scan']);
  });

  it('one region asked for is answered once, even when two answers arrive at once', async () => {
    tab.capture = await qrPng('otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub');
    const { enrolment, windows } = await setup();
    await enrolment.startRegion(3);
    const answers = await Promise.allSettled([
      enrolment.regionSelected(region, from(3)),
      enrolment.regionSelected(region, from(3)),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(answers.find((a) => a.status === 'rejected')).toMatchObject({ reason: { code: 'forbidden' } });
    expect(windows).toHaveLength(1);
  });

  it('two codes of one export scanned at once both count towards the batch', async () => {
    const { enrolment } = await setup();
    const otp = (n: number) => ({
      kind: 'totp' as const,
      secret: new Uint8Array(20).fill(n),
      issuer: `I${n}`,
      account: `u${n}`,
      algorithm: 'SHA1' as const,
      digits: 6,
      period: 30,
    });
    const { uris } = encodeMigrationUris([otp(1), otp(2), otp(3)], { batchId: 77, perQr: 1 });
    expect(uris).toHaveLength(3);
    await Promise.all([enrolment.scanText(uris[0] as string), enrolment.scanText(uris[1] as string)]);
    const last = await enrolment.scanText(uris[2] as string);
    expect(last.batch?.complete).toBe(true);
  });
});
