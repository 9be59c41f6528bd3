import 'fake-indexeddb/auto';
import { randomBytes } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { vaultHandlers } from '../../../entrypoints/background/handlers/vault';
import { base64urlnopad } from '@scure/base';
import type { SenderInfo } from '../../../lib/messaging/sender';
import { vaultArgon2id } from '../../../lib/vault/kdf';
import { createPasswordSlot, unwrapPasswordSlot } from '../../../lib/vault/slots';
import { CHEAP, fx } from './fixtures';
import { memoryVault } from './memory-session';

/** Every PRF-slot KEK HKDF hands out (lib/vault/prf-slot.ts derivePrfKek), to check it is wiped after use. */
const prfKeks = vi.hoisted(() => [] as Uint8Array[]);
vi.mock('@noble/hashes/hkdf.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('@noble/hashes/hkdf.js')>();
  return {
    ...real,
    hkdf: (...args: Parameters<typeof real.hkdf>) => {
      const out = real.hkdf(...args);
      prfKeks.push(out);
      return out;
    },
  };
});

const MASTER = 'correct horse';
const bytes = (n: number) => new Uint8Array(randomBytes(n));
const ID = 'abcdefghijklmnopabcdefghijklmnop';
const page: SenderInfo = { id: ID, url: `chrome-extension://${ID}/options.html` };
const allZero = (b: Uint8Array) => b.length > 0 && b.every((x) => x === 0);

/** Captures every KEK the Argon2id derivation hands out, and every password buffer it was given. */
function watchArgon2id() {
  const real = vaultArgon2id.derive.bind(vaultArgon2id);
  const keks: Uint8Array[] = [];
  const passwords: Uint8Array[] = [];
  vi.spyOn(vaultArgon2id, 'derive').mockImplementation(async (input) => {
    passwords.push(input.password);
    const kek = await real(input);
    keks.push(kek);
    return kek;
  });
  return { keks, passwords };
}

afterEach(() => vi.restoreAllMocks());

describe('secrets are wiped after use (review of issue 19, fix 3)', () => {
  it('createPasswordSlot wipes the KEK and the password bytes it derived from', async () => {
    const { keks, passwords } = watchArgon2id();
    await createPasswordSlot(bytes(32), MASTER, fx, CHEAP);
    expect(keks).toHaveLength(1);
    expect(keks.every(allZero)).toBe(true);
    expect(passwords.every(allZero)).toBe(true);
  });

  it('unwrapPasswordSlot wipes the KEK, whether the password opens the slot or not', async () => {
    const vaultKey = bytes(32);
    const slot = await createPasswordSlot(vaultKey, MASTER, fx, CHEAP);
    const { keks, passwords } = watchArgon2id();
    expect(await unwrapPasswordSlot(slot, MASTER)).toEqual(vaultKey);
    await expect(unwrapPasswordSlot(slot, 'wrong')).rejects.toMatchObject({ code: 'wrong-password' });
    expect(keks).toHaveLength(2);
    expect(keks.every(allZero)).toBe(true);
    expect(passwords.every(allZero)).toBe(true);
  });

  it('the background wipes the PRF output it decoded, after an add, an unlock and a refused unlock', async () => {
    const { session } = await memoryVault('zeroing', MASTER);
    const handlers = vaultHandlers(session);
    const seen: Uint8Array[] = [];
    const add = session.addPrfSlot.bind(session);
    vi.spyOn(session, 'addPrfSlot').mockImplementation((password, input) => {
      seen.push(input.prfOutput);
      return add(password, input);
    });
    const unlock = session.unlockWithPrf.bind(session);
    vi.spyOn(session, 'unlockWithPrf').mockImplementation((credentialId, prfOutput) => {
      seen.push(prfOutput);
      return unlock(credentialId, prfOutput);
    });
    const credentialId = base64urlnopad.encode(bytes(48));
    const prfOutput = base64urlnopad.encode(bytes(32));
    await handlers['vault-slot-add-prf'](
      {
        type: 'vault-slot-add-prf',
        password: MASTER,
        label: 'Key',
        credentialId,
        prfSalt: base64urlnopad.encode(bytes(32)),
        prfOutput,
      },
      page,
    );
    await session.lock();
    await handlers['vault-unlock-prf']({ type: 'vault-unlock-prf', credentialId, prfOutput }, page);
    expect(await session.state()).toBe('unlocked');
    await session.lock();
    await expect(
      handlers['vault-unlock-prf'](
        { type: 'vault-unlock-prf', credentialId, prfOutput: base64urlnopad.encode(bytes(32)) },
        page,
      ),
    ).rejects.toMatchObject({ code: 'wrong-key' });
    expect(seen).toHaveLength(3);
    expect(seen.every(allZero)).toBe(true);
    // The slot's KEK, derived at the add, the unlock and the refused unlock, is wiped each time too.
    expect(prfKeks).toHaveLength(3);
    expect(prfKeks.every(allZero)).toBe(true);
  });
});
