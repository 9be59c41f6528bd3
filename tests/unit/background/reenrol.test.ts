import 'fake-indexeddb/auto';
import { describe, expect, it, vi } from 'vitest';
import { decodeBase32 } from '../../../lib/encoding/base32';

/*
 * Re-enrolment (docs/enrolment.md) through the background's enrolment service with the real vault (fake-indexeddb), the
 * real decoder (zxing-wasm from node_modules) and the browser's tabs/windows replaced by a scripted tab.
 */
vi.mock('webextension-polyfill', () => import('./scripted-tab'));

const { enrolmentSetup } = await import('./harness');

const NOW = 1_800_000_000_000;
const KEY = 'otpauth://totp/GitHub:alice?secret=JBSWY3DPEHPK3PXP&issuer=GitHub';
const HOTP = 'otpauth://hotp/Bank:bob?secret=KRSXG5CTMVRXEZLU&issuer=Bank&counter=0';

const setup = () => enrolmentSetup('enrol', { now: () => NOW });

const NEW_KEY = KEY.replace('JBSWY3DPEHPK3PXP', 'MFRGGZDFMZTWQ2LK');

describe('re-enrolment: a new key for a stored account', () => {
  it('reviews the new key as renewed and replaces the key, keeping id, sites, notes, recovery codes and the old key', async () => {
    const { enrolment, session } = await setup();
    const { added } = await enrolment.enrol({ items: [{ uri: KEY, sites: ['github.com'], notes: 'work' }] });
    const id = added[0]?.id as string;
    const vault = await session.require();
    await vault.update(id, { recoveryCodes: [{ code: 'aaaa-bbbb' }] });

    const reply = await enrolment.scanText(NEW_KEY);
    expect(reply.accounts[0]?.match).toEqual({ status: 'renewed', id, name: 'GitHub (alice)', by: 'name' });
    const { added: none, updated } = await enrolment.enrol({
      items: [{ uri: reply.accounts[0]?.uri as string, sites: ['gist.github.com'], renewId: id }],
    });
    expect(none).toEqual([]);
    expect(updated[0]).toMatchObject({
      id,
      issuer: 'GitHub',
      account: 'alice',
      secret: 'MFRGGZDFMZTWQ2LK',
      sites: ['github.com', 'gist.github.com'],
      notes: 'work',
      recoveryCodes: [{ code: 'aaaa-bbbb' }],
      previousKeys: [{ replacedAt: NOW, kind: 'totp', algorithm: 'SHA1', digits: 6, period: 30 }],
    });
    expect(vault.accounts()).toHaveLength(1);
    expect(vault.get(id).history?.[0]?.otp.secret).toEqual(decodeBase32('JBSWY3DPEHPK3PXP'));
    // The view never carries a previous key's secret.
    expect(JSON.stringify(updated[0])).not.toContain('JBSWY3DPEHPK3PXP');

    // Scanning the new key again: it is the account's key now.
    expect((await enrolment.scanText(NEW_KEY)).accounts[0]?.match.status).toBe('same');
  });

  it('restores the previous key, keeping the replaced one in the history', async () => {
    const { enrolment, session } = await setup();
    const { added } = await enrolment.enrol({ items: [{ uri: KEY, sites: [] }] });
    const id = added[0]?.id as string;
    await enrolment.enrol({ items: [{ uri: NEW_KEY, sites: [], renewId: id }] });
    const { account } = await enrolment.restoreKey({ id, replacedAt: NOW });
    expect(account.secret).toBe('JBSWY3DPEHPK3PXP');
    expect(account.previousKeys).toHaveLength(1);
    expect((await session.require()).get(id).history?.[0]?.otp.secret).toEqual(decodeBase32('MFRGGZDFMZTWQ2LK'));
    await expect(enrolment.restoreKey({ id, replacedAt: NOW - 1 })).rejects.toMatchObject({ code: 'bad-record' });
  });

  it('"Keep both" adds the new key under a numbered name', async () => {
    const { enrolment, session } = await setup();
    await enrolment.enrol({ items: [{ uri: KEY, sites: [] }] });
    const { added } = await enrolment.enrol({ items: [{ uri: NEW_KEY, sites: [] }] });
    expect(added[0]).toMatchObject({ issuer: 'GitHub', account: 'alice (2)' });
    expect((await session.require()).accounts().map((a) => a.otp.account)).toEqual(['alice', 'alice (2)']);
  });

  it('refuses to give an account a key another account already holds, and changes nothing', async () => {
    const { enrolment, session } = await setup();
    const { added } = await enrolment.enrol({
      items: [
        { uri: KEY, sites: [] },
        { uri: HOTP, sites: [] },
      ],
    });
    const id = added[0]?.id as string;
    await expect(enrolment.enrol({ items: [{ uri: HOTP, sites: [], renewId: id }] })).rejects.toMatchObject({
      code: 'duplicate',
    });
    expect((await session.require()).get(id).history).toBeUndefined();
  });

  it('an import of the new key is reviewed the same way, and a same-site import with another issuer too', async () => {
    const { enrolment } = await setup();
    const { added } = await enrolment.enrol({ items: [{ uri: KEY, sites: ['github.com'] }] });
    const id = added[0]?.id as string;
    const review = await enrolment.importReview({
      items: [
        { uri: NEW_KEY, warnings: [] },
        { uri: HOTP, warnings: [] },
        { uri: NEW_KEY.replace('MFRGGZDFMZTWQ2LK', 'KRUGKIDROVUWG2ZA').replace(/GitHub/g, 'github.com'), warnings: [] },
      ],
    });
    expect(review.accounts.map((a) => a.match)).toEqual([
      { status: 'renewed', id, name: 'GitHub (alice)', by: 'name' },
      { status: 'new' },
      // A second new key of the same account is not pre-selected to replace it too: both could not be saved.
      { status: 'renewed', id, name: 'GitHub (alice)', by: 'site', keepBoth: 'same-target' },
    ]);
  });

  it('refuses two rows that change one account, naming it, before anything is stored (review finding 3)', async () => {
    const { enrolment, session } = await setup();
    const { added } = await enrolment.enrol({ items: [{ uri: KEY, sites: ['github.com'] }] });
    const id = added[0]?.id as string;
    const third = NEW_KEY.replace('MFRGGZDFMZTWQ2LK', 'KRUGKIDROVUWG2ZA');
    const renamed = KEY.replace('GitHub:alice', 'GitHub:alice.work');
    for (const items of [
      // Two new keys both replacing it.
      [
        { uri: NEW_KEY, sites: [], renewId: id },
        { uri: third, sites: [], renewId: id },
      ],
      // An update of its key's names and a replacement of its key.
      [
        { uri: renamed, sites: [], replaceId: id },
        { uri: NEW_KEY, sites: [], renewId: id },
      ],
    ]) {
      const failure = enrolment.enrol({ items: [{ uri: HOTP, sites: [] }, ...items] });
      await expect(failure).rejects.toMatchObject({ code: 'same-account-twice', recordId: id });
      await expect(failure).rejects.toThrow(/GitHub \(alice\)/);
    }
    const vault = await session.require();
    expect(vault.accounts()).toHaveLength(1);
    expect(vault.get(id).otp.secret).toEqual(decodeBase32('JBSWY3DPEHPK3PXP'));
  });
});
