import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';

// platform/webhid.ts imports nothing browser-only at load; the session store is an in-memory map.
vi.mock('webextension-polyfill', () => ({ default: {} }));

const { HardwareKeys } = await import('../../../entrypoints/background/keys');
const { VaultSession } = await import('../../../lib/vault/session');
const { openIdbVaultStore } = await import('../../../platform/idb-vault-store');
const { NitrokeySim } = await import('../../hid-sim/nitrokey-sim');
const { FakeHidDevice } = await import('../../hid-sim/transport');
const { CHEAP } = await import('../vault/fixtures');

const RFC = new TextEncoder().encode('12345678901234567890');

/*
 * The background's key service over a simulated Nitrokey (tests/hid-sim), with the real driver and
 * a fake clock shared by the key and the service, so time sync and TOTP codes are exact.
 */
async function setup(options: { storedTimeMinutes?: number; pinProtected?: boolean } = {}) {
  let clock = 2_000_000_000_000;
  const sim = new NitrokeySim({
    busyPolls: 0,
    clock: () => clock,
    slowClockPercent: 0,
    storedTimeMinutes: options.storedTimeMinutes ?? 1,
    pinProtected: options.pinProtected ?? false,
    slots: [{ kind: 'totp', index: 0, name: 'Test', secret: RFC, digits: 8, period: 30 }],
  });
  let device = new FakeHidDevice(sim);
  const data = new Map<string, unknown>();
  const store = {
    get: async (k: string) => data.get(k) as never,
    set: async (k: string, v: unknown) => void data.set(k, v),
    remove: async (k: string) => void data.delete(k),
  };
  const fx = { random: (n: number) => new Uint8Array(randomBytes(n)), now: () => clock, uuid: () => randomUUID() };
  const session = new VaultSession(await openIdbVaultStore(`keys-${randomUUID()}`), store, fx, CHEAP);
  await session.create('pw');
  const env = {
    devices: async () => [device],
    available: true,
    monotonic: () => clock,
    sleep: async (ms: number) => {
      clock += ms;
    },
  };
  const replug = () => {
    sim.powerCycle();
    device = new FakeHidDevice(sim);
  };
  return { keys: new HardwareKeys(session, store, env, fx), sim, session, replug };
}

describe('hardware keys in the background', () => {
  it('lists the key, sets its clock, and reads the RFC 6238 code at that time (2000000000)', async () => {
    const { keys, sim } = await setup();
    const list = await keys.list();
    expect(list.failures).toEqual([]);
    expect(list.keys).toHaveLength(1);
    const [key] = list.keys;
    expect(key).toMatchObject({ name: 'Nitrokey Pro', clock: 'ok', pinRequired: false, unlocked: true });
    expect(key?.slots).toEqual([
      { id: 'totp-0', kind: 'totp', index: 0, name: 'Test', digits: 8, period: 30, sites: [] },
    ]);
    expect(sim.flashWrites.time).toBe(1);
    const code = await keys.code({ keyId: key?.id as string, slotId: 'totp-0' });
    expect(code.code).toBe('69279037'); // RFC 6238 SHA-1 at 2000000000
    // No second SET_TIME within ten minutes: it wears the key's flash.
    expect(sim.flashWrites.time).toBe(1);
  });

  it('a key whose clock was never set asks for confirmation before it is forced', async () => {
    const { keys } = await setup({ storedTimeMinutes: 0 });
    const [key] = (await keys.list()).keys;
    expect(key?.clock).toBe('needs-confirmation');
    await expect(keys.code({ keyId: key?.id as string, slotId: 'totp-0' })).rejects.toThrow(/clock is ahead/);
    await keys.setClock({ keyId: key?.id as string });
    expect((await keys.code({ keyId: key?.id as string, slotId: 'totp-0' })).code).toBe('69279037');
  });

  it('a PIN-protected key needs the user PIN once; a wrong PIN costs a try and is not retried', async () => {
    const { keys, sim, replug } = await setup({ pinProtected: true });
    const [key] = (await keys.list()).keys;
    const keyId = key?.id as string;
    expect(key).toMatchObject({ pinRequired: true, unlocked: false, userRetries: 3 });
    await expect(keys.code({ keyId, slotId: 'totp-0' })).rejects.toThrow(/user PIN/);
    await expect(keys.unlock({ keyId, pin: '000000' })).rejects.toMatchObject({ code: 'wrong-password' });
    expect(sim.userRetries).toBe(2);
    await keys.unlock({ keyId, pin: '123456' });
    expect((await keys.list()).keys[0]).toMatchObject({ unlocked: true, userRetries: 3 });
    expect((await keys.code({ keyId, slotId: 'totp-0' })).code).toBe('69279037');

    // Unplugged and plugged in again: the key forgot its temporary password, and Twofold forgets it too.
    replug();
    await keys.changed('disconnect');
    expect((await keys.list()).keys[0]).toMatchObject({ unlocked: false });
    await expect(keys.code({ keyId, slotId: 'totp-0' })).rejects.toMatchObject({ code: 'pin-required' });
  });

  it('offers bound slots only to their sites, and fills only there unless the user confirmed', async () => {
    const { keys } = await setup();
    const [key] = (await keys.list()).keys;
    const keyId = key?.id as string;
    expect(await keys.offersFor('https://example.com/login')).toEqual([]);
    await keys.bind({ keyId, slotId: 'totp-0', sites: ['example.com'] });
    const offers = await keys.offersFor('https://login.example.com/2fa');
    expect(offers).toEqual([expect.objectContaining({ id: `key:${keyId}/totp-0`, kind: 'totp', recoveryCodes: [] })]);
    expect(offers[0]).not.toHaveProperty('code');
    expect(await keys.offersFor('https://evil.com/')).toEqual([]);
    expect(await keys.codeForFill(`key:${keyId}/totp-0`, 'https://example.com/', false)).toBe('69279037');
    await expect(keys.codeForFill(`key:${keyId}/totp-0`, 'https://evil.com/', false)).rejects.toMatchObject({
      code: 'not-for-this-site',
    });
  });

  it('says clearly when WebHID is missing or the key is unplugged', async () => {
    const { keys, sim, session } = await setup();
    const [key] = (await keys.list()).keys;
    sim.unplug();
    await expect(keys.code({ keyId: key?.id as string, slotId: 'totp-0' })).rejects.toThrow();
    const none = new HardwareKeys(
      session,
      { get: async () => undefined, set: async () => {}, remove: async () => {} },
      {
        devices: async () => [],
        available: false,
        monotonic: () => 0,
        sleep: async () => {},
      },
      { random: (n) => new Uint8Array(n), now: () => 0, uuid: () => '' },
    );
    expect(await none.list()).toEqual({ available: false, keys: [], failures: [] });
  });
});
