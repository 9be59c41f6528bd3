import { base32nopad } from '@scure/base';
import en from '../../locales/en/syncfile.json';
import { textsOf } from '../i18n/text';
import { KEY_BYTES } from '../vault/aead';
import { VaultError } from '../vault/errors';
import {
  type Argon2idParams,
  createPasswordSlot,
  DEFAULT_ARGON2ID,
  type PasswordSlot,
  unwrapPasswordSlot,
} from '../vault/slots';
import { SyncError } from './errors';
import type { SyncKeyring } from './ports';

/*
 * The sync key's password slots (docs/sync-format.md "Keys"): the vault's password-slot shape and code
 * (lib/vault/slots.ts: Argon2id bounds checked before deriving, NFC), with a salt of their own and their own
 * associated data, so a KEK guessed from the server's copy opens nothing on a disk and a vault slot cannot pass for
 * a sync slot or the other way round.
 */

const text = textsOf(en);
const encoder = new TextEncoder();

/** The most distinct slots one password is tried against: each try is a full Argon2id run. */
export const MAX_SYNC_SLOTS = 8;

/** AAD = UTF-8 of `["twofold-sync/v1/slot", <sync id>, <slot id>]` (docs/sync-format.md "Keys"). */
function syncSlotAad(syncId: string): (slotId: string) => Uint8Array {
  return (slotId) => encoder.encode(JSON.stringify(['twofold-sync/v1/slot', syncId, slotId]));
}

/**
 * A sync slot wrapping `syncKey` at `cost`. The keyring always uses the vault's default; a cheaper cost is for
 * golden files and tests (the bounds of lib/vault/slots.ts ARGON2ID_BOUNDS still apply).
 */
export function createSyncSlot(
  password: string,
  syncKey: Uint8Array,
  syncId: string,
  fx: { random: (bytes: number) => Uint8Array; now: () => number; uuid: () => string },
  cost: Omit<Argon2idParams, 'name' | 'version' | 'salt'> = DEFAULT_ARGON2ID,
): Promise<PasswordSlot> {
  return createPasswordSlot(syncKey, password, fx, cost, syncSlotAad(syncId));
}

async function unwrapSyncSlots(slots: readonly PasswordSlot[], password: string, syncId: string): Promise<Uint8Array> {
  const distinct: PasswordSlot[] = [];
  for (const s of slots) if (!distinct.some((d) => d.id === s.id)) distinct.push(s);
  let refused: VaultError | undefined;
  for (const slot of distinct.slice(0, MAX_SYNC_SLOTS)) {
    try {
      return await unwrapPasswordSlot(slot, password, syncSlotAad(syncId));
    } catch (e) {
      // As the vault's unlock (lib/vault/password-unwrap.ts): a slot whose parameters are out of bounds is not run,
      // and if nothing opens, that refusal is named rather than a wrong password.
      if (e instanceof VaultError && e.code === 'kdf-out-of-bounds') refused ??= e;
      else if (!(e instanceof VaultError && (e.code === 'wrong-password' || e.code === 'bad-key'))) throw e;
    }
  }
  if (refused !== undefined)
    throw new SyncError('malformed-file', text('syncfile_slot', 'kdf'), {}, { cause: refused }); // i18n-ignore: a format field's own name
  throw new SyncError('wrong-password', text('syncfile_wrong_password'));
}

export const syncKeyring: SyncKeyring = {
  createSlot: (password, syncKey, syncId, fx) => createSyncSlot(password, syncKey, syncId, fx),
  unwrap: unwrapSyncSlots,
};

/** A new sync key `SK`: 32 random bytes. */
export function newSyncKey(random: (n: number) => Uint8Array): Uint8Array {
  const key = random(KEY_BYTES);
  if (key.length !== KEY_BYTES) throw new RangeError(`random gave ${key.length} bytes, not ${KEY_BYTES}`);
  return key;
}

/** A device id: 26 characters of lower-case base32 (RFC 4648 §6, no padding) of 16 random bytes. */
export function newDeviceId(random: (n: number) => Uint8Array): string {
  const bytes = random(16);
  if (bytes.length !== 16) throw new RangeError(`random gave ${bytes.length} bytes, not 16`);
  return base32nopad.encode(bytes).toLowerCase();
}

/** What {@link newDeviceId} makes. */
export const DEVICE_ID = /^[a-z2-7]{26}$/;
