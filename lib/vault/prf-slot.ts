import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import en from '../../locales/en/core.json';
import prfcore from '../../locales/en/prfcore.json';
import { base64urlnopad } from '@scure/base';
import { bytesEqual } from '../encoding/bytes';
import { textsOf } from '../i18n/text';
import { KEY_BYTES, NONCE_BYTES, open, seal } from './aead';
import { VaultError } from './errors';
import { MAX_CREDENTIAL_ID_BYTES, MAX_LABEL_CHARS, PRF_BYTES } from './prf-limits';
import type { Effects } from './slots';

/**
 * A key slot opened by a passkey or security key through the WebAuthn PRF extension (CTAP2 `hmac-secret`):
 * docs/vault-format.md "PRF key slot". Everything but `wrappedKey` is in the clear header.
 */
export interface PrfSlot {
  id: string;
  type: 'prf';
  /** The WebAuthn credential's raw id (W3C WebAuthn Level 3 §5.1 `rawId`). */
  credentialId: Uint8Array;
  /** The PRF `first` input given at every ceremony: 32 random bytes chosen when the slot is added. */
  prfSalt: Uint8Array;
  /** The name the person gave the key ("YubiKey on my keyring"). */
  label: string;
  nonce: Uint8Array;
  /** AES-256-GCM(KEK, vault key), ciphertext ‖ 16-byte tag. */
  wrappedKey: Uint8Array;
  createdAt: number;
}

/** What the extension page brings from the ceremony that added the key. */
export interface PrfSlotInput {
  credentialId: Uint8Array;
  prfSalt: Uint8Array;
  prfOutput: Uint8Array;
  label: string;
}

const WRAPPED_BYTES = KEY_BYTES + 16;

const text = textsOf(prfcore);
const core = textsOf(en);
const encoder = new TextEncoder();

/** HKDF info: binds the KEK to this slot, so one PRF output gives a different KEK in every slot. */
const kekInfo = (id: string) => encoder.encode(`twofold-vault/v2/prf-slot/${id}`);
/**
 * AAD of the wrapped key: the slot id, the credential id and the label, so a slot whose credential or name was
 * changed in the clear header does not open (base64url and a UUID hold no '/', so the parts cannot run together).
 */
const slotAad = (slot: Pick<PrfSlot, 'id' | 'credentialId' | 'label'>) =>
  encoder.encode(`twofold-vault/v2/prf-slot/${slot.id}/${base64urlnopad.encode(slot.credentialId)}/${slot.label}`);

/** KEK = HKDF-SHA256(IKM = PRF output, salt = prfSalt, info = "twofold-vault/v2/prf-slot/<id>") (RFC 5869). */
export function derivePrfKek(prfOutput: Uint8Array, prfSalt: Uint8Array, slotId: string): Uint8Array {
  return hkdf(sha256, prfOutput, prfSalt, kekInfo(slotId), KEY_BYTES);
}

const sized = (what: string, bytes: Uint8Array, min: number, max: number) => {
  if (bytes.length < min || bytes.length > max) {
    throw new VaultError('bad-setting', text('prfcore_bad_bytes', what, min, max)); // i18n-ignore: field name
  }
};

/** A label as stored: trimmed, 1 to 64 characters; anything else is refused with 'bad-setting'. */
function checkLabel(label: string): string {
  const trimmed = label.trim();
  if (trimmed.length < 1 || trimmed.length > MAX_LABEL_CHARS) {
    throw new VaultError('bad-setting', text('prfcore_bad_label', MAX_LABEL_CHARS));
  }
  return trimmed;
}

/** Wraps `vaultKey` under a KEK derived from the PRF output in a new slot for this credential. */
export async function createPrfSlot(vaultKey: Uint8Array, input: PrfSlotInput, fx: Effects): Promise<PrfSlot> {
  sized('credentialId', input.credentialId, 1, MAX_CREDENTIAL_ID_BYTES); // i18n-ignore: field name
  sized('prfSalt', input.prfSalt, PRF_BYTES, PRF_BYTES); // i18n-ignore: field name
  sized('prfOutput', input.prfOutput, PRF_BYTES, PRF_BYTES); // i18n-ignore: field name
  const label = checkLabel(input.label);
  const id = fx.uuid();
  const credentialId = input.credentialId.slice();
  const prfSalt = input.prfSalt.slice();
  const nonce = fx.random(NONCE_BYTES);
  const kek = derivePrfKek(input.prfOutput, prfSalt, id);
  try {
    const wrappedKey = await seal(kek, nonce, vaultKey, slotAad({ id, credentialId, label }));
    return { id, type: 'prf', credentialId, prfSalt, label, nonce, wrappedKey, createdAt: fx.now() };
  } finally {
    kek.fill(0);
  }
}

/** Recovers the vault key from a PRF slot; an output that does not open it throws VaultError('wrong-key'). */
export async function unwrapPrfSlot(slot: PrfSlot, prfOutput: Uint8Array): Promise<Uint8Array> {
  const wrongKey = () => new VaultError('wrong-key', text('prfcore_wrong_key'));
  if (prfOutput.length !== PRF_BYTES) throw wrongKey();
  const kek = derivePrfKek(prfOutput, slot.prfSalt, slot.id);
  try {
    const key = await open(kek, slot.nonce, slot.wrappedKey, slotAad(slot), wrongKey);
    if (key.length !== KEY_BYTES) throw new VaultError('bad-key', core('core_vault_bad_unlocked_key'));
    return key;
  } finally {
    kek.fill(0);
  }
}

/**
 * Checks a PRF slot read from the clear header: every field of the right type and length. A slot that fails is
 * skipped with this VaultError('bad-header') naming the field; it never stops the password slot from opening.
 */
export function checkPrfSlot(raw: unknown): PrfSlot {
  const s = (typeof raw === 'object' && raw !== null ? raw : {}) as Partial<Record<keyof PrfSlot, unknown>>;
  const refuse = (what: string) => new VaultError('bad-header', text('prfcore_slot_malformed', what));
  const bytes = (v: unknown, min: number, max: number) => v instanceof Uint8Array && v.length >= min && v.length <= max;
  if (s.type !== 'prf') throw refuse('type'); // i18n-ignore: a format field's own name
  if (typeof s.id !== 'string' || s.id.length < 1 || s.id.length > 64 || s.id.includes('/')) throw refuse('id'); // i18n-ignore: a format field's own name
  if (!bytes(s.credentialId, 1, MAX_CREDENTIAL_ID_BYTES)) throw refuse('credentialId'); // i18n-ignore: a format field's own name
  if (!bytes(s.prfSalt, PRF_BYTES, PRF_BYTES)) throw refuse('prfSalt'); // i18n-ignore: a format field's own name
  if (typeof s.label !== 'string' || s.label.length > MAX_LABEL_CHARS) throw refuse('label'); // i18n-ignore: a format field's own name
  if (!bytes(s.nonce, NONCE_BYTES, NONCE_BYTES)) throw refuse('nonce'); // i18n-ignore: a format field's own name
  if (!bytes(s.wrappedKey, WRAPPED_BYTES, WRAPPED_BYTES)) throw refuse('wrappedKey'); // i18n-ignore: a format field's own name
  if (!Number.isSafeInteger(s.createdAt)) throw refuse('createdAt'); // i18n-ignore: a format field's own name
  return s as PrfSlot;
}

/** The well-formed PRF slots of a header, and a named problem for each malformed one. */
export function readPrfSlots(header: { slots: readonly unknown[] }): { slots: PrfSlot[]; problems: VaultError[] } {
  const slots: PrfSlot[] = [];
  const problems: VaultError[] = [];
  for (const raw of header.slots) {
    if ((raw as { type?: unknown } | null)?.type !== 'prf') continue;
    try {
      slots.push(checkPrfSlot(raw));
    } catch (e) {
      if (!(e instanceof VaultError)) throw e;
      problems.push(e);
    }
  }
  return { slots, problems };
}

/** The slots of `slots` for this credential (normally one; an edited header could hold more). */
export function slotsForCredential(slots: readonly PrfSlot[], credentialId: Uint8Array): PrfSlot[] {
  return slots.filter((s) => bytesEqual(s.credentialId, credentialId));
}

/** Tries each slot of this credential; none opening (or none at all) is VaultError('wrong-key'). */
export async function unwrapWithCredential(
  slots: readonly PrfSlot[],
  credentialId: Uint8Array,
  prfOutput: Uint8Array,
): Promise<Uint8Array> {
  for (const slot of slotsForCredential(slots, credentialId)) {
    try {
      return await unwrapPrfSlot(slot, prfOutput);
    } catch (e) {
      if (!(e instanceof VaultError && e.code === 'wrong-key')) throw e;
    }
  }
  throw new VaultError('wrong-key', text('prfcore_wrong_key'));
}
