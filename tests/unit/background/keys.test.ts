import 'fake-indexeddb/auto';
import { randomBytes, randomUUID } from 'node:crypto';
import * as OTPAuth from 'otpauth';
import { describe, expect, it, vi } from 'vitest';
import { NitrokeyError } from '../../../lib/hid/errors';
import { VaultError } from '../../../lib/vault/errors';
import { rejectsWith } from '../rejects';

// platform/webhid.ts imports nothing browser-only at load; the session store is an in-memory map.
vi.mock('webextension-polyfill', () => ({ default: {} }));

const { HardwareKeys } = await import('../../../entrypoints/background/keys');
const { RFC_SECRET: RFC, memoryStore, simulatedNitrokey, vaultSession } = await import('./harness');

/*
 * The background's key service over a simulated Nitrokey (tests/hid-sim), with the real driver and
 * a fake clock shared by the key and the service, so time sync and TOTP codes are exact.
 */
async function setup(options: { storedTimeMinutes?: number; pinProtected?: boolean; startMs?: number } = {}) {
  const { sim, env, replug, now } = simulatedNitrokey(options);
  const store = memoryStore();
  const fx = { random: (n: number) => new Uint8Array(randomBytes(n)), now, uuid: () => randomUUID() };
  const session = await vaultSession('keys', store, fx);
  await session.create('pw');
  return { keys: new HardwareKeys(session, store, env, fx), sim, session, replug, now };
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
      { id: 'totp-0', kind: 'totp', index: 0, label: 'TOTP slot 1', name: 'Test', digits: 8, period: 30, sites: [] },
      { id: 'hotp-0', kind: 'hotp', index: 0, label: 'HOTP slot 1', name: 'Bank', digits: 6, sites: [] },
    ]);
    expect(sim.flashWrites.time).toBe(1);
    const code = await keys.code({ keyId: key?.id as string, slotId: 'totp-0' });
    expect(code.code).toBe('69279037'); // RFC 6238 SHA-1 at 2000000000
    // No second SET_TIME within ten minutes: it wears the key's flash.
    expect(sim.flashWrites.time).toBe(1);
    // A code costs one command: GET_CODE (no status, slot list or time set again).
    const commands = sim.history.length;
    await keys.code({ keyId: key?.id as string, slotId: 'totp-0' });
    expect(sim.history.slice(commands).map((h) => h.cmd)).toEqual([0x04]);
  });

  it('a key whose clock was never set asks for confirmation before it is forced', async () => {
    const { keys } = await setup({ storedTimeMinutes: 0 });
    const [key] = (await keys.list()).keys;
    expect(key?.clock).toBe('needs-confirmation');
    await expect(keys.code({ keyId: key?.id as string, slotId: 'totp-0' })).rejects.toThrow(/clock is ahead/);
    // HOTP does not use the clock: its codes come regardless.
    expect((await keys.code({ keyId: key?.id as string, slotId: 'hotp-0' })).code).toBe('755224');
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
    await keys.changed();
    expect((await keys.list()).keys[0]).toMatchObject({ unlocked: false });
    await expect(keys.code({ keyId, slotId: 'totp-0' })).rejects.toMatchObject({ code: 'pin-required' });
  });

  it('offers bound slots only to their sites, and fills only there unless the user confirmed', async () => {
    const { keys } = await setup();
    const [key] = (await keys.list()).keys;
    const keyId = key?.id as string;
    expect(await keys.offersFor('https://example.com/login')).toEqual([]);
    await keys.bind({ keyId, slotId: 'totp-0', sites: ['example.com'] });
    const offers = await keys.offersFor('https://example.com/2fa');
    expect(offers).toEqual([expect.objectContaining({ id: `key:${keyId}/totp-0`, kind: 'totp', source: 'key' })]);
    expect(offers[0]).not.toHaveProperty('code');
    expect(await keys.offersFor('https://evil.com/')).toEqual([]);
    // Exact hosts only: a key slot is never 'related', so a sibling host gets nothing.
    expect(await keys.offersFor('https://login.example.com/2fa')).toEqual([]);
    await expect(keys.codeForFill(`key:${keyId}/totp-0`, 'https://login.example.com/')).rejects.toMatchObject({
      code: 'not-for-this-site',
    });
    expect(await keys.codeForFill(`key:${keyId}/totp-0`, 'https://example.com/')).toBe('69279037');
    await expect(keys.codeForFill(`key:${keyId}/totp-0`, 'https://evil.com/')).rejects.toMatchObject({
      code: 'not-for-this-site',
    });
  });

  it('while locked no slot is offered and the key list asks to unlock; unlocking brings the bindings back', async () => {
    const { keys, session } = await setup();
    const keyId = (await keys.list()).keys[0]?.id as string;
    await keys.bind({ keyId, slotId: 'totp-0', sites: ['example.com'] });
    await session.lock();
    // The bindings are encrypted settings (docs/hardware-keys.md "Site bindings"): nothing to read while locked.
    expect(await keys.offersFor('https://example.com/login')).toEqual([]);
    await expect(keys.list()).rejects.toMatchObject({ code: 'locked' });
    await session.unlock('pw');
    expect(await keys.offersFor('https://example.com/login')).toEqual([
      expect.objectContaining({ id: `key:${keyId}/totp-0` }),
    ]);
  });

  it('says clearly when WebHID is missing or the key is unplugged', async () => {
    const { keys, sim, session } = await setup();
    const [key] = (await keys.list()).keys;
    sim.unplug();
    await rejectsWith(keys.code({ keyId: key?.id as string, slotId: 'totp-0' }), NitrokeyError, 'cannot-open');
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

describe('hardware keys: what a page or a race cannot do', () => {
  it('a page never gets a code of a slot not bound to its site, and the key is not even asked', async () => {
    const { keys, sim } = await setup();
    const [key] = (await keys.list()).keys;
    const keyId = key?.id as string;
    await keys.bind({ keyId, slotId: 'totp-0', sites: ['bank.example'] });
    const before = sim.commandsOf(0x04).length;
    for (const ref of [`key:${keyId}/totp-0`, `key:${keyId}/hotp-0`, `key:${keyId}/totp-1`])
      await rejectsWith(keys.codeForFill(ref, 'https://evil.test/'), VaultError, 'not-for-this-site');
    await rejectsWith(keys.codeForFill('key:x/y', 'https://evil.test/'), NitrokeyError, 'bad-slot');
    expect(sim.commandsOf(0x04).length).toBe(before); // no GET_CODE: the HOTP counter did not move
  });

  it('a binding lapses when the slot is reprogrammed with another account', async () => {
    const { keys, sim } = await setup();
    const [key] = (await keys.list()).keys;
    const keyId = key?.id as string;
    await keys.bind({ keyId, slotId: 'totp-0', sites: ['example.com'] });
    sim.setSlot({ kind: 'totp', index: 0, name: 'Other', secret: RFC, digits: 6, period: 30 });
    await keys.paired();
    expect((await keys.list()).keys[0]?.slots.find((s) => s.id === 'totp-0')?.sites).toEqual([]);
    expect(await keys.offersFor('https://example.com/')).toEqual([]);
    await expect(keys.codeForFill(`key:${keyId}/totp-0`, 'https://example.com/')).rejects.toMatchObject({
      code: 'not-for-this-site',
    });
  });

  it('an unlock racing a code request is not lost', async () => {
    const { keys } = await setup({ pinProtected: true });
    const [key] = (await keys.list()).keys;
    const keyId = key?.id as string;
    const code = keys.code({ keyId, slotId: 'totp-0' });
    const unlock = keys.unlock({ keyId, pin: '123456' });
    await expect(code).rejects.toMatchObject({ code: 'pin-required' });
    await unlock;
    expect((await keys.code({ keyId, slotId: 'totp-0' })).code).toBe('69279037');
  });

  it('refuses to copy an HOTP account (two generators of one counter)', async () => {
    const { keys, session } = await setup();
    const [key] = (await keys.list()).keys;
    const vault = await session.require();
    const hotp = await vault.add({
      otp: { kind: 'hotp', secret: RFC, issuer: 'Bank', account: 'me', algorithm: 'SHA1', digits: 6, counter: 5n },
      sites: [],
      notes: '',
      recoveryCodes: [],
      pinned: false,
    });
    await expect(
      keys.write({ keyId: key?.id as string, accountId: hotp.id, kind: 'hotp', index: 1, adminPin: '12345678' }),
    ).rejects.toThrow(/same codes/);
  });

  it('copies a TOTP account with a long non-ASCII issuer, cut to 15 bytes, and binds its sites', async () => {
    const { keys, session } = await setup();
    const [key] = (await keys.list()).keys;
    const vault = await session.require();
    const totp = await vault.add({
      otp: {
        kind: 'totp',
        secret: RFC,
        issuer: 'Société Générale',
        account: 'me',
        algorithm: 'SHA1',
        digits: 6,
        period: 30,
      },
      sites: ['societegenerale.fr'],
      notes: '',
      recoveryCodes: [],
      pinned: false,
    });
    await keys.write({ keyId: key?.id as string, accountId: totp.id, kind: 'totp', index: 2, adminPin: '12345678' });
    const slot = (await keys.list()).keys[0]?.slots.find((s) => s.id === 'totp-2');
    // “Société Gén” is 14 bytes; one more “é” would make 16.
    expect(slot).toMatchObject({ name: 'Société Gén', sites: ['societegenerale.fr'] });
    expect(new TextEncoder().encode(slot?.name).length).toBeLessThanOrEqual(15);
  });
});

describe('hardware keys: time steps', () => {
  it('waits for the next step instead of handing out a code about to expire', async () => {
    // 2000000009 s is 1 s before a 30 s boundary (2000000010 = 30 × 66666667).
    const { keys, now } = await setup({ startMs: 2_000_000_009_000 });
    const [key] = (await keys.list()).keys;
    const code = await keys.code({ keyId: key?.id as string, slotId: 'totp-0' });
    expect(now()).toBeGreaterThanOrEqual(2_000_000_010_000);
    const expected = new OTPAuth.TOTP({
      secret: new OTPAuth.Secret({ buffer: RFC.slice().buffer }),
      digits: 8,
      period: 30,
    });
    expect(code.code).toBe(expected.generate({ timestamp: 2_000_000_010_000 }));
    expect(code.secondsLeft).toBeGreaterThan(25);
  });
});
