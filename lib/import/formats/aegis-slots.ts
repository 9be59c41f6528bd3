import { MAX_PASSWORD_SLOTS, tooManySlots } from '../../limits';
import {
  aesGcmOpen,
  announceKdf,
  asImportError,
  checkScryptCaps,
  fromHex,
  needPassword,
  scrypt,
  utf8,
  wrongPassword,
} from '../crypto';
import { isObject } from '../entry';
import { text } from '../text';
import { ImportError, type KdfCost, type ReadOptions } from '../types';

/*
 * Aegis key slots (docs/import-formats.md "Aegis"; Aegis vault/slots/*.java, ui/tasks/PasswordSlotDecryptTask.java).
 * Every slot wraps the same 32-byte master key with AES-256-GCM; a password slot's wrapping key is scrypt(password,
 * salt, N, r, p, 32). Only password slots (type 1) can be opened off the phone: raw slots (type 0) hold a key file's
 * key and biometric slots (type 2) a key inside the Android Keystore.
 */

export const SLOT_RAW = 0;
export const SLOT_PASSWORD = 1;
export const SLOT_BIOMETRIC = 2;

export interface PasswordSlot {
  /** The wrapped master key (ciphertext without its tag). */
  key: Uint8Array;
  nonce: Uint8Array;
  tag: Uint8Array;
  salt: Uint8Array;
  N: number;
  r: number;
  p: number;
  /** Written by Aegis once the slot was re-wrapped with the correct password encoding (beemdevelopment/Aegis#95). */
  repaired: boolean;
}

/** "Aegis vault", as messages name the file. */
export const AEGIS_KIND = text('import_kind_aegis');

/** Memory scrypt needs: the N×128r-byte table plus p blocks of 128r bytes (RFC 7914 §5). */
export function scryptCost(N: number, r: number, p: number): KdfCost {
  return { algorithm: 'scrypt', memoryBytes: 128 * r * (N + p), iterations: N };
}

const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 1;

function readPasswordSlot(slot: Record<string, unknown>, index: number): PasswordSlot {
  const where = `header.slots[${index}]`;
  const params = slot.key_params;
  if (!isObject(params)) throw new ImportError('damaged', text('import_aegis_slot_no_key_params', where));
  const { n, r, p } = slot;
  if (!isCount(n) || !isCount(r) || !isCount(p) || (n & (n - 1)) !== 0 || n < 2)
    throw new ImportError('damaged', text('import_aegis_slot_scrypt', where));
  const key = fromHex(slot.key, `${where}.key`);
  if (key.length !== 32) throw new ImportError('damaged', text('import_aegis_slot_key_length', where, key.length));
  return {
    key,
    nonce: fromHex(params.nonce, `${where}.key_params.nonce`),
    tag: fromHex(params.tag, `${where}.key_params.tag`),
    salt: fromHex(slot.salt, `${where}.salt`),
    N: n,
    r,
    p,
    repaired: slot.repaired === true,
  };
}

/** The password slots of an encrypted vault's header; explains why when there are none we can use. */
export function passwordSlots(header: Record<string, unknown>): PasswordSlot[] {
  const slots = header.slots;
  if (!Array.isArray(slots)) throw new ImportError('damaged', text('import_aegis_slots_not_list'));
  const found: PasswordSlot[] = [];
  let biometric = 0;
  let raw = 0;
  slots.forEach((slot, i) => {
    if (!isObject(slot)) throw new ImportError('damaged', text('import_aegis_slot_not_object', String(i)));
    if (slot.type === SLOT_PASSWORD) found.push(readPasswordSlot(slot, i));
    else if (slot.type === SLOT_BIOMETRIC) biometric++;
    else if (slot.type === SLOT_RAW) raw++;
  });
  if (found.length > 0) return found;
  if (biometric > 0) throw new ImportError('unsupported', text('import_aegis_biometric'));
  if (raw > 0) throw new ImportError('unsupported', text('import_aegis_key_file'));
  throw new ImportError('damaged', text('import_aegis_no_slots'));
}

/** The scrypt cost of the first password slot, for the detection result (no crypto, never throws). */
export function firstSlotCost(header: unknown): KdfCost | undefined {
  if (!isObject(header) || !Array.isArray(header.slots)) return undefined;
  const slot = header.slots.find((s) => isObject(s) && s.type === SLOT_PASSWORD) as Record<string, unknown> | undefined;
  if (!slot || !isCount(slot.n) || !isCount(slot.r) || !isCount(slot.p)) return undefined;
  return scryptCost(slot.n, slot.r, slot.p);
}

/**
 * The password bytes Aegis produced before beemdevelopment/Aegis#95 was fixed (CryptoUtils.toBytesOld): the whole
 * backing array of `UTF_8.encode(chars)`, i.e. the UTF-8 bytes followed by zeros up to the buffer Java
 * allocated. CharsetEncoder.encode starts with ⌊chars × averageBytesPerChar⌋ bytes and grows to 2n + 1
 * until the text fits. Android's ICU encoder reports (1 + 3) / 2 = 2.0 bytes per char, OpenJDK's 1.1.
 */
export function legacyPasswordBytes(password: string, averageBytesPerChar: number): Uint8Array {
  const exact = utf8(password);
  let n = Math.floor(password.length * averageBytesPerChar);
  while (n < exact.length) n = 2 * n + 1;
  const out = new Uint8Array(n);
  out.set(exact);
  return out;
}

/** Encodings to try for a slot: the correct one, then (un-repaired slots) the pre-#95 ones that differ. */
function candidateEncodings(password: string, slot: PasswordSlot): Uint8Array[] {
  const exact = utf8(password);
  const out = [exact];
  if (slot.repaired) return out;
  // The retry only matters above 64 bytes: shorter inputs are zero-padded to one HMAC-SHA-256 block
  // anyway, so trailing zeros give the same key (PasswordSlotDecryptTask).
  for (const avg of [2.0, 1.1]) {
    const legacy = legacyPasswordBytes(password, avg);
    if (legacy.length > 64 && legacy.length !== exact.length && !out.some((o) => o.length === legacy.length))
      out.push(legacy);
  }
  return out;
}

async function openSlot(
  slot: PasswordSlot,
  passwordBytes: Uint8Array,
  options: ReadOptions,
): Promise<Uint8Array | null> {
  checkScryptCaps(slot);
  announceKdf(scryptCost(slot.N, slot.r, slot.p), options);
  const slotKey = await scrypt(passwordBytes, slot.salt, { N: slot.N, r: slot.r, p: slot.p }, 32);
  const sealed = new Uint8Array(slot.key.length + slot.tag.length);
  sealed.set(slot.key);
  sealed.set(slot.tag, slot.key.length);
  try {
    return await aesGcmOpen(slotKey, slot.nonce, sealed, AEGIS_KIND);
  } catch (e) {
    if (e instanceof ImportError && e.code === 'wrong-password') return null;
    throw e;
  } finally {
    slotKey.fill(0);
  }
}

/**
 * Tries the password slots (and the legacy encodings of un-repaired ones), at most MAX_PASSWORD_SLOTS of them
 * (lib/limits.ts): each costs a full scrypt, and a crafted file of 1 000 slots kept a wrong password busy for hours.
 * The master key, or `wrong-password`, or `too-many-slots` when slots were left untried.
 */
export async function unlockMasterKey(slots: readonly PasswordSlot[], options: ReadOptions): Promise<Uint8Array> {
  const password = needPassword(options, AEGIS_KIND);
  for (const slot of slots.slice(0, MAX_PASSWORD_SLOTS)) {
    for (const bytes of candidateEncodings(password, slot)) {
      const master = await openSlot(slot, bytes, options);
      if (master) {
        if (master.length !== 32)
          throw new ImportError('damaged', text('import_aegis_master_key_length', master.length));
        return master;
      }
    }
  }
  if (slots.length > MAX_PASSWORD_SLOTS) throw asImportError(tooManySlots(MAX_PASSWORD_SLOTS, slots.length));
  if (slots.length > 1)
    throw new ImportError('wrong-password', text('import_aegis_wrong_password_slots', slots.length));
  throw wrongPassword(AEGIS_KIND);
}
