import en from '../../locales/en/core.json';
import integrity from '../../locales/en/integrity.json';
import { textsOf } from '../i18n/text';
import { KEY_BYTES, NONCE_BYTES, open, seal } from './aead';
import { VaultError } from './errors';
import { argon2idKek } from './kdf';

/** Argon2id parameters as stored in a slot (docs/vault-format.md "Key slot"). */
export interface Argon2idParams {
  name: 'argon2id';
  version: 0x13;
  memoryKiB: number;
  iterations: number;
  parallelism: number;
  salt: Uint8Array;
}

/** RFC 9106 §4 second recommended option; chosen by measurement (docs/vault-format.md). */
export const DEFAULT_ARGON2ID = { memoryKiB: 65536, iterations: 3, parallelism: 4 } as const;

export interface PasswordSlot {
  id: string;
  type: 'password';
  kdf: Argon2idParams;
  nonce: Uint8Array;
  wrappedKey: Uint8Array;
  createdAt: number;
}

/** Injected effects: the core never reads the clock or the CSPRNG itself. */
export interface Effects {
  random: (bytes: number) => Uint8Array;
  now: () => number;
  uuid: () => string;
}

const text = textsOf(en);
const itext = textsOf(integrity);
const encoder = new TextEncoder();
const slotAad = (id: string) => encoder.encode(`twofold-vault/v1/slot/${id}`);

/**
 * A slot's associated data from its id. The vault's own slots bind `twofold-vault/v1/slot/<id>`; the sync key's slots
 * (lib/sync/sync-slot.ts) pass their own, so a slot can never be moved between the two uses.
 */
export type SlotAad = (slotId: string) => Uint8Array;

/**
 * Bounds on a slot's Argon2id parameters (docs/vault-format.md "Key slot"), checked before deriving: the
 * header is in the clear, so a changed one must not make unlock hang (a huge pass count) or exhaust memory.
 * The work cap is four times the default's (64 MiB × 3 passes × 4).
 */
export const ARGON2ID_BOUNDS = {
  maxParallelism: 16,
  maxMemoryKiB: 262_144,
  maxIterations: 16,
  maxWork: DEFAULT_ARGON2ID.memoryKiB * DEFAULT_ARGON2ID.iterations * 4,
  minSalt: 8, // RFC 9106 §3.1: S is at least 8 bytes (Twofold writes 16)
  maxSalt: 64,
} as const;

/** Throws VaultError('kdf-out-of-bounds') naming the first parameter outside {@link ARGON2ID_BOUNDS}. */
export function checkArgon2idParams(kdf: unknown): Argon2idParams {
  const k = (typeof kdf === 'object' && kdf !== null ? kdf : {}) as Partial<Record<keyof Argon2idParams, unknown>>;
  const refuse = (what: string) => new VaultError('kdf-out-of-bounds', itext('integrity_kdf_out_of_bounds', what));
  const b = ARGON2ID_BOUNDS;
  const int = (v: unknown, lo: number, hi: number): v is number =>
    Number.isSafeInteger(v) && (v as number) >= lo && (v as number) <= hi;
  if (k.name !== 'argon2id') throw refuse('name'); // i18n-ignore: a format field's own name
  if (k.version !== 0x13) throw refuse('version'); // i18n-ignore: a format field's own name
  if (!int(k.parallelism, 1, b.maxParallelism)) throw refuse('parallelism'); // i18n-ignore: a format field's own name
  if (!int(k.memoryKiB, 8 * k.parallelism, b.maxMemoryKiB)) throw refuse('memoryKiB'); // i18n-ignore: a format field's own name
  if (!int(k.iterations, 1, b.maxIterations)) throw refuse('iterations'); // i18n-ignore: a format field's own name
  if (k.memoryKiB * k.iterations > b.maxWork) throw refuse('memoryKiB × iterations'); // i18n-ignore: format field names
  if (!(k.salt instanceof Uint8Array) || k.salt.length < b.minSalt || k.salt.length > b.maxSalt) throw refuse('salt'); // i18n-ignore: a format field's own name
  return k as Argon2idParams;
}

/**
 * KEK = Argon2id(NFC password, salt, params) (RFC 9106 §3.1); NFC so "é" typed two ways unlocks alike. The bounds are
 * checked first, so a changed header is refused before any memory is asked for; the derivation runs in WebAssembly
 * where it can (lib/vault/kdf.ts).
 */
export async function deriveKek(password: string, kdf: Argon2idParams): Promise<Uint8Array> {
  checkArgon2idParams(kdf);
  const passwordBytes = encoder.encode(password.normalize('NFC'));
  try {
    return await argon2idKek(passwordBytes, kdf);
  } finally {
    passwordBytes.fill(0);
  }
}

/** Wraps `vaultKey` (or the sync key) under a key derived from `password` in a new password slot. */
export async function createPasswordSlot(
  vaultKey: Uint8Array,
  password: string,
  fx: Effects,
  cost: Omit<Argon2idParams, 'name' | 'version' | 'salt'> = DEFAULT_ARGON2ID,
  aad: SlotAad = slotAad,
): Promise<PasswordSlot> {
  const kdf: Argon2idParams = { name: 'argon2id', version: 0x13, ...cost, salt: fx.random(16) };
  const id = fx.uuid();
  const nonce = fx.random(NONCE_BYTES);
  const kek = await deriveKek(password, kdf);
  try {
    const wrappedKey = await seal(kek, nonce, vaultKey, aad(id));
    return { id, type: 'password', kdf, nonce, wrappedKey, createdAt: fx.now() };
  } finally {
    // The KEK opens this slot for as long as the password is unchanged: wiped as soon as it has wrapped the key.
    kek.fill(0);
  }
}

/** Recovers the wrapped key from a password slot; a wrong password throws VaultError('wrong-password'). */
export async function unwrapPasswordSlot(
  slot: PasswordSlot,
  password: string,
  aad: SlotAad = slotAad,
): Promise<Uint8Array> {
  const kek = await deriveKek(password, slot.kdf);
  try {
    const key = await open(
      kek,
      slot.nonce,
      slot.wrappedKey,
      aad(slot.id),
      () => new VaultError('wrong-password', text('core_vault_wrong_password')),
    );
    if (key.length !== KEY_BYTES) {
      key.fill(0);
      throw new VaultError('bad-key', text('core_vault_bad_unlocked_key'));
    }
    return key;
  } finally {
    kek.fill(0);
  }
}

/**
 * Whether a slot's parameters are weaker than `target`, so that re-wrapping under `target` only strengthens it
 * (docs/vault-format.md "Re-wrap at unlock"): `target` has at least as much memory and as many passes, and more of
 * one. A slot stronger in either (written by a later version, say) is never rewritten, so no re-wrap trades memory for
 * passes. Parallelism is not compared: hash-wasm and noble compute the lanes one after another, so the lanes add no
 * work for an attacker either way.
 */
export function weakerThan(
  kdf: Pick<Argon2idParams, 'memoryKiB' | 'iterations'>,
  target: { memoryKiB: number; iterations: number },
): boolean {
  return (
    target.memoryKiB >= kdf.memoryKiB &&
    target.iterations >= kdf.iterations &&
    (target.memoryKiB > kdf.memoryKiB || target.iterations > kdf.iterations)
  );
}
