import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { vaultHandlers } from '../../../entrypoints/background/handlers/vault';
import { base64urlnopad } from '@scure/base';
import { acceptRequest, parseRequest } from '../../../lib/messaging/protocol';
import type { SenderInfo } from '../../../lib/messaging/sender';
import { FREE_ATTEMPTS } from '../../../lib/vault/reauth';
import { SESSION_KEY } from '../../../lib/vault/session-key';
import { fx } from './fixtures';
import { memoryVault } from './memory-session';

const MASTER = 'correct horse';
const bytes = (n: number) => new Uint8Array(randomBytes(n));
const b64 = base64urlnopad.encode;

const ID = 'abcdefghijklmnopabcdefghijklmnop';
const ORIGIN = `chrome-extension://${ID}`;
const page: SenderInfo = { id: ID, url: `${ORIGIN}/popup.html` };
const content: SenderInfo = { id: ID, url: 'https://example.com/login', tabId: 7, frameId: 0 };
const offerFrame: SenderInfo = { id: ID, url: `${ORIGIN}/offer-frame.html`, tabId: 7, frameId: 3 };

function authenticator(label = 'Security key') {
  return { credentialId: bytes(48), prfSalt: bytes(32), prfOutput: bytes(32), label };
}

async function setup(create = true) {
  const { store, port, session } = await memoryVault('prf-session', create ? MASTER : undefined);
  const { data } = port;
  const served: SenderInfo[] = [];
  const popupSide = {
    unlockReturn: {
      open: async () => undefined,
      unlocked: async (sender: SenderInfo) => void served.push(sender),
    },
    fillable: async () => [],
    popupFill: async () => undefined,
    clearClipboardLater: async () => ({ seconds: 0 }),
  };
  const handlers = vaultHandlers(session, popupSide as never);
  return { store, data, session, handlers, served };
}

const addRequest = (a: ReturnType<typeof authenticator>, password = MASTER) =>
  ({
    type: 'vault-slot-add-prf',
    password,
    label: a.label,
    credentialId: b64(a.credentialId),
    prfSalt: b64(a.prfSalt),
    prfOutput: b64(a.prfOutput),
  }) as const;

describe('VaultSession with PRF slots', () => {
  it('unlocks with the key through the same path as the password: the key is remembered for a worker restart', async () => {
    const { session, data } = await setup();
    const a = authenticator();
    await session.addPrfSlot(MASTER, a);
    await session.lock();
    expect(data.has(SESSION_KEY)).toBe(false);
    await session.unlockWithPrf(a.credentialId, a.prfOutput);
    expect(await session.state()).toBe('unlocked');
    expect(data.has(SESSION_KEY)).toBe(true);
  });

  it('a key unlock while already unlocked keeps the vault in use (one writer), as a second password unlock does', async () => {
    const { session } = await setup();
    const a = authenticator();
    await session.addPrfSlot(MASTER, a);
    const before = await session.require();
    await session.unlockWithPrf(a.credentialId, a.prfOutput);
    expect(await session.require()).toBe(before);
    expect(before.keySlots()).toHaveLength(2);
  });

  it('refuses the wrong output and leaves the vault locked', async () => {
    const { session } = await setup();
    const a = authenticator();
    await session.addPrfSlot(MASTER, a);
    await session.lock();
    await expect(session.unlockWithPrf(a.credentialId, bytes(32))).rejects.toMatchObject({ code: 'wrong-key' });
    expect(await session.state()).toBe('locked');
  });

  it('lists the credentials while locked, and none without a vault', async () => {
    const { session } = await setup();
    const a = authenticator('Nitrokey');
    const id = await session.addPrfSlot(MASTER, a);
    await session.lock();
    expect(await session.prfCredentials()).toEqual([
      { slotId: id, credentialId: a.credentialId, prfSalt: a.prfSalt, label: 'Nitrokey' },
    ]);
    expect(await (await setup(false)).session.prfCredentials()).toEqual([]);
  });

  it('adds a key only with the master password, throttled like an export confirmation', async () => {
    const { session } = await setup();
    for (let i = 0; i < FREE_ATTEMPTS; i++) {
      await expect(session.addPrfSlot(`guess ${i}`, authenticator())).rejects.toMatchObject({
        code: 'wrong-password',
      });
    }
    await expect(session.addPrfSlot('another guess', authenticator())).rejects.toMatchObject({ code: 'throttled' });
    // Throttled before anything is checked: the right password waits too.
    await expect(session.addPrfSlot(MASTER, authenticator())).rejects.toMatchObject({ code: 'throttled' });
    expect((await session.keySlots()).map((s) => s.type)).toEqual(['password']);
  });

  it('refuses to add or list while locked', async () => {
    const { session } = await setup();
    await session.lock();
    await expect(session.addPrfSlot(MASTER, authenticator())).rejects.toMatchObject({ code: 'locked' });
    await expect(session.keySlots()).rejects.toMatchObject({ code: 'locked' });
    await expect(session.removeSlot('x')).rejects.toMatchObject({ code: 'locked' });
  });
});

describe('the vault messages for PRF slots (background handlers)', () => {
  it('add, list, lock, credentials, unlock by key (serving the unlock window), remove', async () => {
    const { session, handlers, served } = await setup();
    const a = authenticator('YubiKey 5');
    const { id } = await handlers['vault-slot-add-prf'](addRequest(a), page);
    const { slots } = await handlers['vault-slots']({ type: 'vault-slots' }, page);
    expect(slots.map((s) => [s.type, s.label])).toEqual([
      ['password', ''],
      ['prf', 'YubiKey 5'],
    ]);
    expect(slots[1]).toEqual({ id, type: 'prf', label: 'YubiKey 5', createdAt: fx.now() });
    await handlers['vault-lock']({ type: 'vault-lock' }, page);
    const { credentials } = await handlers['vault-prf-credentials']({ type: 'vault-prf-credentials' }, page);
    expect(credentials).toEqual([
      { slotId: id, credentialId: b64(a.credentialId), prfSalt: b64(a.prfSalt), label: 'YubiKey 5' },
    ]);
    // Nothing in the list opens the vault: no output, no wrapped key.
    expect(JSON.stringify(credentials)).not.toContain(b64(a.prfOutput));
    const unlock = {
      type: 'vault-unlock-prf',
      credentialId: b64(a.credentialId),
      prfOutput: b64(a.prfOutput),
    } as const;
    await handlers['vault-unlock-prf'](unlock, page);
    expect(await session.state()).toBe('unlocked');
    expect(served).toEqual([page]);
    await handlers['vault-slot-remove']({ type: 'vault-slot-remove', id }, page);
    expect((await handlers['vault-slots']({ type: 'vault-slots' }, page)).slots.map((s) => s.type)).toEqual([
      'password',
    ]);
  });

  it('answers an unknown credential with wrong-key and never serves the unlock window', async () => {
    const { handlers, served } = await setup();
    await handlers['vault-slot-add-prf'](addRequest(authenticator()), page);
    await handlers['vault-lock']({ type: 'vault-lock' }, page);
    const unlock = { type: 'vault-unlock-prf', credentialId: b64(bytes(48)), prfOutput: b64(bytes(32)) } as const;
    await expect(handlers['vault-unlock-prf'](unlock, page)).rejects.toMatchObject({ code: 'wrong-key' });
    expect(served).toEqual([]);
  });

  it('refuses a duplicate credential, a bad label and the password slot', async () => {
    const { handlers } = await setup();
    const a = authenticator();
    await handlers['vault-slot-add-prf'](addRequest(a), page);
    await expect(handlers['vault-slot-add-prf'](addRequest({ ...a, prfSalt: bytes(32) }), page)).rejects.toMatchObject({
      code: 'duplicate',
    });
    await expect(
      handlers['vault-slot-add-prf'](addRequest({ ...authenticator(), label: '   ' }), page),
    ).rejects.toMatchObject({ code: 'bad-setting' });
    await expect(
      handlers['vault-slot-add-prf'](addRequest({ ...authenticator(), label: 'x'.repeat(65) }), page),
    ).rejects.toMatchObject({ code: 'bad-setting' });
    const password = (await handlers['vault-slots']({ type: 'vault-slots' }, page)).slots[0];
    await expect(
      handlers['vault-slot-remove']({ type: 'vault-slot-remove', id: password?.id ?? '' }, page),
    ).rejects.toMatchObject({ code: 'password-slot-required' });
    await expect(handlers['vault-slot-remove']({ type: 'vault-slot-remove', id: 'nope' }, page)).rejects.toMatchObject({
      code: 'bad-record',
    });
  });
});

describe('payload checks of the PRF messages', () => {
  const good = {
    type: 'vault-slot-add-prf',
    password: 'pw',
    label: 'Key',
    credentialId: b64(bytes(64)),
    prfSalt: b64(bytes(32)),
    prfOutput: b64(bytes(32)),
  };

  it('accepts base64url without padding of the right lengths, from extension pages only', () => {
    expect(acceptRequest(good, page, ID, ORIGIN).request).toEqual(good);
    expect(acceptRequest({ ...good, credentialId: b64(bytes(1023)) }, page, ID, ORIGIN).request.type).toBe(
      'vault-slot-add-prf',
    );
    for (const raw of [
      good,
      { type: 'vault-prf-credentials' },
      { type: 'vault-unlock-prf', credentialId: good.credentialId, prfOutput: good.prfOutput },
      { type: 'vault-slots' },
      { type: 'vault-slot-remove', id: 'x' },
    ]) {
      expect(acceptRequest(raw, page, ID, ORIGIN).from).toBe('extension-page');
      for (const sender of [content, offerFrame]) {
        expect(() => acceptRequest(raw, sender, ID, ORIGIN), raw.type).toThrow(
          expect.objectContaining({ code: 'forbidden' }),
        );
      }
    }
  });

  it('refuses bad base64url, wrong lengths and huge labels, naming the field', () => {
    const salt = b64(bytes(32));
    for (const [field, value] of [
      ['prfSalt', `${salt}=`], // padding
      ['prfSalt', salt.replace(/^./, '+')], // standard base64's alphabet
      ['prfSalt', b64(bytes(31))],
      ['prfSalt', b64(bytes(33))],
      ['prfOutput', ''],
      ['prfOutput', 42],
      ['credentialId', ''],
      ['credentialId', b64(bytes(1024))],
      ['credentialId', 'A'.repeat(10_000_000)],
      ['credentialId', 'AAAAA'], // a length no byte string has
      ['label', 'x'.repeat(257)],
      ['label', 5],
    ] as const) {
      expect(() => parseRequest({ ...good, [field]: value }), `${field} = ${String(value).slice(0, 40)}`).toThrow(
        new RegExp(`message\\.${field}`),
      );
    }
  });

  it('one spelling per byte string: stray bits in the last character are refused', () => {
    // 32 bytes take 43 characters; the last carries 2 unused bits, which must be zero.
    const salt = b64(bytes(32));
    const last = salt.at(-1) as string;
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
    const other = alphabet[alphabet.indexOf(last) ^ 1] as string;
    const strayBits = salt.slice(0, -1) + other;
    expect(() => base64urlnopad.decode(strayBits)).toThrow();
    expect(() => parseRequest({ ...good, prfSalt: strayBits })).toThrow(/message\.prfSalt/);
    expect(base64urlnopad.decode(salt)).toHaveLength(32);
  });
});
