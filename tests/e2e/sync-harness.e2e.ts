import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FaultProxy, startFaultProxy } from '../webdav/fault-proxy';
import { startWebDav, type WebDav } from '../webdav/server';
import {
  accounts,
  addAccount,
  type ChromiumProfile,
  comparableExport,
  createProfileVault,
  type Gate,
  launchChromiumProfile,
  startGate,
  updateAccount,
} from './sync-harness';

/*
 * The sync harness's own parts, proved before the sync tests lean on them (they can run only once sync is merged):
 * a gate really takes a browser's way to the server down and back, and two exports compare equal exactly when a
 * person would call them the same vault.
 */

describe('the offline gate in front of the fault proxy and Apache', () => {
  let dav: WebDav;
  let proxy: FaultProxy;
  let gate: Gate;
  beforeAll(async () => {
    dav = await startWebDav();
    proxy = await startFaultProxy(dav.origin);
    gate = await startGate(Number(new URL(proxy.origin).port));
  });
  afterAll(async () => {
    await gate?.close();
    await proxy?.close();
    await dav?.close();
  });

  const propfind = () =>
    fetch(`${gate.origin}/dav/`, {
      method: 'PROPFIND',
      headers: { depth: '1', authorization: dav.authorization() },
    }).then(
      async (r) => {
        await r.arrayBuffer();
        return r.status;
      },
      () => 'unreachable',
    );

  it('forwards to the server while online, refuses every connection while offline, and comes back', async () => {
    expect(await propfind()).toBe(207);
    gate.setOffline(true);
    expect(gate.offline).toBe(true);
    expect(await propfind()).toBe('unreachable');
    gate.setOffline(false);
    expect(await propfind()).toBe(207);
    // Everything went through the fault proxy, which saw only the online requests.
    expect(proxy.requests.filter((r) => r.method === 'PROPFIND').map((r) => r.status)).toEqual([207, 207]);
  });
});

describe('exports compared as a person compares them', () => {
  let profile: ChromiumProfile;
  beforeAll(async () => {
    profile = await launchChromiumProfile('Chrome');
    await createProfileVault(profile);
  }, 60_000);
  afterAll(() => profile?.close());

  it('ignores ids and order, and sees a secret, a counter and a used recovery code', {
    timeout: 120_000,
  }, async () => {
    await addAccount(profile, 'otpauth://totp/GitHub:octo?secret=GEZDGNBVGY3TQOJQ&issuer=GitHub');
    const bank = await addAccount(profile, 'otpauth://hotp/Bank:alice?secret=JBSWY3DPEHPK3PXP&issuer=Bank&counter=7');
    await updateAccount(profile, bank.id, { recoveryCodes: [{ code: 'r1-x' }, { code: 'r2-y' }] });
    const first = await comparableExport(profile);
    expect(first.map((a) => a.issuer)).toEqual(['Bank', 'GitHub']);
    expect(first[0]).toMatchObject({ kind: 'hotp', counter: 7, secret: 'JBSWY3DPEHPK3PXP' });

    const ids = (await accounts(profile)).map((a) => a.id);
    await profile.send({ type: 'accounts-reorder', ids: [...ids].reverse() });
    expect(await comparableExport(profile)).toEqual(first);

    await updateAccount(profile, bank.id, { recoveryCodes: [{ code: 'r1-x', usedAt: Date.now() }, { code: 'r2-y' }] });
    const used = await comparableExport(profile);
    expect(used).not.toEqual(first);
    expect(used[0]?.recoveryCodes).toEqual([
      { code: 'r1-x', used: true },
      { code: 'r2-y', used: false },
    ]);
    await profile.send({ type: 'hotp-next', id: bank.id });
    expect((await comparableExport(profile))[0]?.counter).toBe(8);
  });
});
