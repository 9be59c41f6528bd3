import { base64 } from '@scure/base';
import syncEn from '../../locales/en/sync.json';
import en from '../../locales/en/syncfile.json';
import { type Text, textsOf } from '../i18n/text';
import { NONCE_BYTES, open, seal } from '../vault/aead';
import { VaultError } from '../vault/errors';
import { checkArgon2idParams, type PasswordSlot } from '../vault/slots';
import { MAX_BODY_BYTES, MAX_FILE_BYTES, packBody, unpackBody } from './body';
import { SyncError, type SyncErrorCode, type SyncErrorDetails } from './errors';
import { SYNC_ID } from './folder-file';
import { parseState } from './parse-state';
import type { DeviceFileCodec, DeviceFileHeader } from './ports';
import type { SyncState } from './state';
import { DEVICE_ID, MAX_SYNC_SLOTS } from './sync-slot';

/*
 * The device file `<device>.a.tfsync` / `.b.tfsync` (docs/sync-format.md "The device file"): UTF-8 JSON in
 * the backup's container style (docs/backup-format.md), the clear header bound into AES-256-GCM's associated data so
 * a file moved to another device's name, sync group or generation, or with a slot swapped, fails the tag check.
 * The header is checked field by field before any key is used; the body is checked as strictly as a vault record
 * (lib/sync/parse-state.ts) after it decrypts.
 */

const text = textsOf(en);
const syncText = textsOf(syncEn);
const encoder = new TextEncoder();

const DEVICE_FILE_FORMAT = 'twofold-sync-state';
/** The container and body version this Twofold writes. */
export const DEVICE_FILE_VERSION = 1;
/** The body versions this Twofold reads (docs/sync-format.md "Versioning"). */
export const READS: readonly number[] = [1];
/** The most device files a folder may hold (docs/sync-format.md "Caps"): 32 devices, two slots each. */
export const MAX_DEVICE_FILES = 64;
/** WebDAV pads the body to 4 KiB, so a size tells the number of accounts only to within about ten. */
const DEVICE_FILE_PADDING = 4096;

const MAX_READS = 16;
const SLOT_ID = /^[A-Za-z0-9-]{1,64}$/;
const TAG_BYTES = 16;
const WRAPPED_BYTES = 32 + TAG_BYTES;

/** A password slot as the file writes it: the field order of docs/sync-format.md, which the AAD serialises. */
export interface SlotJson {
  id: string;
  type: 'password';
  kdf: { name: 'argon2id'; version: number; memoryKiB: number; iterations: number; parallelism: number; salt: string };
  nonce: string;
  wrappedKey: string;
  createdAt: number;
}

export function slotToJson(s: PasswordSlot): SlotJson {
  return {
    id: s.id,
    type: 'password',
    kdf: {
      name: 'argon2id',
      version: s.kdf.version,
      memoryKiB: s.kdf.memoryKiB,
      iterations: s.kdf.iterations,
      parallelism: s.kdf.parallelism,
      salt: base64.encode(s.kdf.salt),
    },
    nonce: base64.encode(s.nonce),
    wrappedKey: base64.encode(s.wrappedKey),
    createdAt: s.createdAt,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isInt = (v: unknown, min: number): v is number => Number.isSafeInteger(v) && (v as number) >= min;

function b64(v: unknown, length?: number): Uint8Array | undefined {
  if (typeof v !== 'string') return undefined;
  try {
    const bytes = base64.decode(v);
    return length === undefined || bytes.length === length ? bytes : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A slot read from a clear header: the vault's password-slot shape, its Argon2id parameters within the vault's
 * bounds (lib/vault/slots.ts `checkArgon2idParams`), checked before anyone derives with it. Throws
 * SyncError('malformed-file') naming the field. Unknown fields of a slot are not read (nor bound: the AAD holds
 * the fields below only).
 */
export function slotFromJson(raw: unknown, details: SyncErrorDetails = {}): PasswordSlot {
  const refuse = (what: string, cause?: unknown) =>
    new SyncError('malformed-file', text('syncfile_slot', what), details, cause === undefined ? undefined : { cause });
  if (!isObject(raw)) throw refuse('slots');
  if (typeof raw.id !== 'string' || !SLOT_ID.test(raw.id)) throw refuse('id');
  if (raw.type !== 'password') throw refuse('type');
  const k = raw.kdf;
  if (!isObject(k)) throw refuse('kdf');
  const salt = b64(k.salt);
  if (salt === undefined) throw refuse('kdf.salt');
  let kdf: PasswordSlot['kdf'];
  try {
    kdf = checkArgon2idParams({
      name: k.name,
      version: k.version,
      memoryKiB: k.memoryKiB,
      iterations: k.iterations,
      parallelism: k.parallelism,
      salt,
    });
  } catch (e) {
    if (!(e instanceof VaultError)) throw e;
    throw refuse(`kdf ${String(e.text?.subs[0] ?? '')}`.trim(), e);
  }
  const nonce = b64(raw.nonce, NONCE_BYTES);
  if (nonce === undefined) throw refuse('nonce');
  const wrappedKey = b64(raw.wrappedKey, WRAPPED_BYTES);
  if (wrappedKey === undefined) throw refuse('wrappedKey');
  if (!isInt(raw.createdAt, 0)) throw refuse('createdAt');
  return { id: raw.id, type: 'password', kdf, nonce, wrappedKey, createdAt: raw.createdAt };
}

/** AAD = UTF-8 of `["twofold-sync/v1/state", syncId, device, generation, version, reads, slots, nonce]`. */
function stateAad(h: DeviceFileHeader, slots: readonly SlotJson[], nonce: string): Uint8Array {
  return encoder.encode(
    JSON.stringify(['twofold-sync/v1/state', h.syncId, h.device, h.generation, h.version, h.reads, slots, nonce]),
  );
}

interface ReadFile {
  header: DeviceFileHeader;
  nonce: Uint8Array;
  data: Uint8Array;
  details: SyncErrorDetails;
}

const fail = (code: SyncErrorCode, message: Text, details: SyncErrorDetails, cause?: unknown) =>
  new SyncError(code, message, details, cause === undefined ? undefined : { cause });

function read(bytes: Uint8Array): ReadFile {
  if (bytes.length > MAX_FILE_BYTES)
    throw fail(
      'too-large',
      text('syncfile_file_too_large', (bytes.length / 2 ** 20).toFixed(1), MAX_FILE_BYTES / 2 ** 20),
      {},
    );
  let f: unknown;
  try {
    f = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch (cause) {
    throw fail('malformed-file', text('syncfile_not_json'), {}, cause);
  }
  if (!isObject(f) || f.format !== DEVICE_FILE_FORMAT) throw fail('malformed-file', text('syncfile_not_sync'), {});
  // Every later failure names the writer when the file says one that looks right (the round names it by its name).
  const details: SyncErrorDetails =
    typeof f.device === 'string' && DEVICE_ID.test(f.device) ? { device: f.device } : {};
  const field = (what: string) => fail('malformed-file', text('syncfile_field', what), details);
  if (!isInt(f.version, 1)) throw field('version');
  // A newer version is left untouched: nothing else of it is read (its fields may mean something else now).
  if (f.version > DEVICE_FILE_VERSION)
    throw fail('newer-version', text('syncfile_newer', f.version, DEVICE_FILE_VERSION), details);
  const reads = f.reads;
  if (
    !Array.isArray(reads) ||
    reads.length === 0 ||
    reads.length > MAX_READS ||
    !reads.every((r) => isInt(r, 1)) ||
    !reads.includes(f.version)
  )
    throw field('reads');
  if (typeof f.syncId !== 'string' || !SYNC_ID.test(f.syncId)) throw field('syncId');
  if (details.device === undefined) throw field('device');
  if (!isInt(f.generation, 0)) throw field('generation');
  if (!Array.isArray(f.slots)) throw field('slots');
  if (f.slots.length > MAX_SYNC_SLOTS)
    throw fail('too-large', text('syncfile_too_many_slots', f.slots.length, MAX_SYNC_SLOTS), details);
  const slots = f.slots.map((s) => slotFromJson(s, details));
  const cipher = f.cipher;
  if (!isObject(cipher) || cipher.name !== 'AES-256-GCM') throw field('cipher');
  const nonce = b64(cipher.nonce, NONCE_BYTES);
  if (nonce === undefined) throw field('cipher.nonce');
  const data = b64(f.data);
  // At least the tag and the body's length prefix.
  if (data === undefined || data.length < TAG_BYTES + 4) throw field('data');
  return {
    header: {
      version: f.version,
      reads: [...reads] as number[],
      syncId: f.syncId,
      device: details.device,
      generation: f.generation,
      slots,
    },
    nonce,
    data,
    details,
  };
}

export const deviceFileCodec: DeviceFileCodec = {
  async seal(input, random) {
    const nonce = random(NONCE_BYTES);
    const header: DeviceFileHeader = {
      version: DEVICE_FILE_VERSION,
      reads: [...READS],
      syncId: input.syncId,
      device: input.device,
      generation: input.generation,
      slots: input.slots,
    };
    const slots = input.slots.map(slotToJson);
    const nonceText = base64.encode(nonce);
    const json = encoder.encode(JSON.stringify(input.state));
    if (json.length > MAX_BODY_BYTES)
      throw fail('too-large', text('syncfile_body_too_large', MAX_BODY_BYTES / 2 ** 20), { device: input.device });
    const body = packBody(json, DEVICE_FILE_PADDING);
    const data = await seal(input.syncKey, nonce, body, stateAad(header, slots, nonceText));
    const file = {
      format: DEVICE_FILE_FORMAT,
      version: header.version,
      reads: header.reads,
      syncId: header.syncId,
      device: header.device,
      generation: header.generation,
      slots,
      cipher: { name: 'AES-256-GCM', nonce: nonceText },
      data: base64.encode(data),
    };
    const bytes = encoder.encode(JSON.stringify(file));
    // What this device writes, every device must read: a bad id, too many slots or a state past the caps is
    // refused here, before it reaches the server, with the message a reader would give.
    read(bytes);
    return bytes;
  },

  header(bytes) {
    return read(bytes).header;
  },

  async open(bytes, syncKey, known) {
    const { header, nonce, data, details } = read(bytes);
    const aad = stateAad(header, header.slots.map(slotToJson), base64.encode(nonce));
    const body = await open(syncKey, nonce, data, aad, () => fail('tampered', text('syncfile_tampered'), details));
    let state: SyncState;
    try {
      const json = unpackBody(body);
      state = parseState(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json)), known);
    } catch (e) {
      if (e instanceof SyncError) throw fail(e.code, e.text ?? syncText('sync_state_damaged'), details, e);
      // Not UTF-8 or not JSON, under a good tag: a state no Twofold wrote.
      throw fail('malformed-state', syncText('sync_state_damaged'), details, e);
    }
    return { header, state };
  },
};

/** `<device>.a.tfsync` or `<device>.b.tfsync`: the two slots a device writes in turn. */
export function deviceFileName(device: string, slot: 'a' | 'b'): string {
  return `${device}.${slot}.tfsync`;
}

const FILE_NAME = /^([a-z2-7]{26})\.([ab])\.tfsync$/;

/** The device and slot of a device file's name; `undefined` for any other name (`sync.json`, a stranger's file). */
export function parseDeviceFileName(name: string): { device: string; slot: 'a' | 'b' } | undefined {
  const m = FILE_NAME.exec(name);
  return m ? { device: m[1] as string, slot: m[2] as 'a' | 'b' } : undefined;
}
