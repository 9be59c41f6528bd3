import { base64 } from '@scure/base';
import en from '../../locales/en/syncstorage.json';
import type { Text } from '../i18n/text';
import { textsOf } from '../i18n/text';
import { open, seal } from '../vault/aead';
import { VaultError } from '../vault/errors';
import type { PasswordSlot } from '../vault/slots';
import { packBody, unpackBody } from './body';
import { type SlotJson, slotToJson } from './device-file';
import { SyncError } from './errors';
import { parseState } from './parse-state';
import type { SyncState } from './state';

/*
 * The browser's own sync storage as one shared state (docs/sync-format.md "Browser sync storage"):
 * a header item `tf:h` and chunk items `tf:c0` … `tf:c<n-1>`, each chunk `"<tag>:" + base64 slice`. Pure: the
 * adapter (platform/storage-sync-area.ts) implements the `StorageSyncArea` port below over `browser.storage.sync`.
 */

const text = textsOf(en);

export const KEY_PREFIX = 'tf:';
export const HEADER_KEY = 'tf:h';
export const chunkKey = (i: number): string => `tf:c${i}`;

/** The quota of `storage.sync`, the same in Chrome and Firefox (docs/sync-research.md §1). */
export const QUOTA_BYTES = 102_400;
export const QUOTA_BYTES_PER_ITEM = 8_192;
export const MAX_ITEMS = 512;
/** A chunk's value is at most this many characters (tag and colon included): 8,008 bytes as an item. */
export const CHUNK_CHARS = 8_000;
/** Padding of the compressed body: space is scarce here (the WebDAV file pads to 4096). */
export const STORAGE_SYNC_PAD = 512;
/** The status line warns from this share of the quota on (docs/sync-format.md: "Browser sync is 82 % full"). */
export const WARN_SHARE = 0.8;
export const MAX_SLOTS = 8;
export const TAG_CHARS = 6;

export const FORMAT = 'twofold-sync-state';
export const VERSION = 1;
export const READS = [1];
const AAD_LABEL = 'twofold-sync/v1/storage-sync';

/**
 * `browser.storage.sync`, reduced to what the engine needs. Failures are SyncErrors: the browser's quota errors are
 * `full`, its write-rate errors `rate-limited`.
 */
export interface StorageSyncArea {
  /** Every item whose key starts with `tf:`. */
  get(): Promise<Record<string, unknown>>;
  /** One write operation, however many items. */
  set(items: Record<string, unknown>): Promise<void>;
  remove(keys: readonly string[]): Promise<void>;
  /** The bytes the browser counts for the whole area, where the browser can tell (else `undefined`). */
  bytesInUse(): Promise<number | undefined>;
  /** Called after another context or the vendor's sync changed a `tf:` item; answers the unsubscribe. */
  onChanged(listener: () => void): () => void;
}

/**
 * A password slot as its JSON: the same fields in the same order as the device file's (docs/sync-format.md "The
 * device file"), so one writer serves both (lib/sync/device-file.ts).
 */
export type { SlotJson };
export { slotToJson };

/** The clear header item `tf:h`. */
export interface StorageSyncHeader {
  format: typeof FORMAT;
  version: number;
  reads: number[];
  syncId: string;
  slots: SlotJson[];
  cipher: { name: 'AES-256-GCM'; nonce: string };
  writer: string;
  generation: number;
  tag: string;
  chunks: number;
}

export function slotFromJson(s: SlotJson): PasswordSlot {
  return {
    id: s.id,
    type: 'password',
    kdf: {
      name: 'argon2id',
      version: 0x13,
      memoryKiB: s.kdf.memoryKiB,
      iterations: s.kdf.iterations,
      parallelism: s.kdf.parallelism,
      salt: base64.decode(s.kdf.salt),
    },
    nonce: base64.decode(s.nonce),
    wrappedKey: base64.decode(s.wrappedKey),
    createdAt: s.createdAt,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Quota arithmetic

const encoder = new TextEncoder();

/** Whose count: Chromium's, Firefox's, or the larger of the two (what the engine plans with: it runs in both). */
export type Counting = 'chromium' | 'firefox' | 'strictest';

const INT32 = 2 ** 31;

/**
 * A number as Chromium's JSON writer prints it (base/json/json_writer.cc): an integer within int32 as such; any other
 * number is a double, printed shortest with an exponent from 1e12 on (base/strings NumberToString: double-conversion
 * with decimal_in_shortest_high 12), and `.0` appended when it has neither point nor exponent. Measured in Chromium
 * 143 (tests/e2e/storage-sync-api.e2e.ts): 1796000000000 costs 9 bytes ("1.796e+12"), 2147483648 costs 12.
 */
function chromiumNumber(n: number): string {
  if (Number.isInteger(n) && n >= -INT32 && n < INT32) return String(n);
  const [mantissa = '', exp = '0'] = n.toExponential().split('e');
  const e = Number(exp);
  if (e >= 12 || e < -6) return `${mantissa}e${e >= 0 ? '+' : '-'}${Math.abs(e)}`;
  const plain = String(n);
  return /[.e]/.test(plain) ? plain : `${plain}.0`;
}

function chromiumJson(v: unknown): string {
  if (typeof v === 'number') return chromiumNumber(v);
  if (Array.isArray(v)) return `[${v.map(chromiumJson).join(',')}]`;
  if (typeof v === 'object' && v !== null)
    return `{${Object.entries(v)
      .filter(([, x]) => x !== undefined)
      .map(([k, x]) => `${JSON.stringify(k)}:${chromiumJson(x)}`)
      .join(',')}}`;
  return JSON.stringify(v);
}

/**
 * The bytes one item costs against the quota: the key's length plus the length of the JSON text of its value
 * (docs/sync-research.md §1: Chrome's `chrome.storage` reference and MDN `storage.sync`), in UTF-8 bytes as both
 * browsers measure their strings. "The JSON text" is each browser's own: Firefox's is JavaScript's `JSON.stringify`,
 * Chromium's prints numbers beyond int32 as doubles (above), so a 13-digit time costs 18 bytes there, not 13.
 */
export function itemBytes(key: string, value: unknown, counting: Counting = 'strictest'): number {
  const utf8 = (t: string) => encoder.encode(t).length;
  const firefox = utf8(JSON.stringify(value));
  const chromium = utf8(chromiumJson(value));
  const v = counting === 'firefox' ? firefox : counting === 'chromium' ? chromium : Math.max(firefox, chromium);
  return utf8(key) + v;
}

export function itemsBytes(items: Record<string, unknown>, counting: Counting = 'strictest'): number {
  let sum = 0;
  for (const [k, v] of Object.entries(items)) sum += itemBytes(k, v, counting);
  return sum;
}

/** What the status line says about quota use: the 80 % warning, or nothing. */
export function quotaNotice(bytes: number): Text | undefined {
  if (bytes < QUOTA_BYTES * WARN_SHARE) return undefined;
  return text('syncstorage_quota_warning', Math.min(100, Math.round((bytes * 100) / QUOTA_BYTES)));
}

/** The refusal of a state that does not fit (docs/sync-format.md "Capacity"), with the accounts and the size. */
export function fullError(accounts: number, bytes: number, cause?: unknown): SyncError {
  return new SyncError(
    'full',
    text('syncstorage_full', accounts, Math.ceil(bytes / 1024), Math.floor(QUOTA_BYTES / 1024)),
    {},
    cause === undefined ? undefined : { cause },
  );
}

export interface WritePlan {
  /** The one `set`: the header and every chunk. */
  items: Record<string, unknown>;
  /** Chunk keys the area holds beyond the new state's: removed after the `set` (or before it when they must). */
  stale: string[];
  /** Whether the stale chunks must go BEFORE the `set` because the area cannot hold both for a moment. */
  removeFirst: boolean;
  /** The area's bytes once the write is done. */
  bytes: number;
}

/**
 * The write of `items` into an area that now holds `held`: refused whole (SyncError 'full') when the result would
 * break any of the three size limits, so the last complete state stays in place for the other browsers.
 */
export function planWrite(items: Record<string, unknown>, held: Record<string, unknown>, accounts: number): WritePlan {
  const stale = Object.keys(held).filter((k) => isChunkKey(k) && !(k in items));
  const others = Object.keys(held).filter((k) => !(k in items) && !stale.includes(k));
  let bytes = itemsBytes(items);
  for (const k of others) bytes += itemBytes(k, held[k]);
  const count = Object.keys(items).length + others.length;
  const tooBigItem = Object.entries(items).some(([k, v]) => itemBytes(k, v) > QUOTA_BYTES_PER_ITEM);
  if (bytes > QUOTA_BYTES || count > MAX_ITEMS || tooBigItem) throw fullError(accounts, bytes);
  let during = bytes;
  for (const k of stale) during += itemBytes(k, held[k]);
  return { items, stale, removeFirst: during > QUOTA_BYTES || count + stale.length > MAX_ITEMS, bytes };
}

function isChunkKey(k: string): boolean {
  return /^tf:c(0|[1-9][0-9]{0,3})$/.test(k);
}

// ---------------------------------------------------------------------------------------------------------------
// Sealing

export interface SharedSealInput {
  syncId: string;
  writer: string;
  generation: number;
  slots: readonly PasswordSlot[];
  state: SyncState;
  syncKey: Uint8Array;
}

const TAG_ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567';

/** Six random base32 characters naming one write (docs/sync-format.md). */
export function newTag(random: (n: number) => Uint8Array): string {
  return Array.from(random(TAG_CHARS), (b) => TAG_ALPHABET[b & 31]).join('');
}

/**
 * AAD = UTF-8 of `["twofold-sync/v1/storage-sync", syncId, writer, generation, version, reads, slots, nonce, tag]`:
 * the device file's AAD (docs/sync-format.md) with this layout's label, `writer` for `device`, and `tag` added, so a
 * header moved to another writer, generation or sync, a slot swapped, or chunks of another write fail the tag check.
 */
function aadOf(h: StorageSyncHeader): Uint8Array {
  return encoder.encode(
    JSON.stringify([AAD_LABEL, h.syncId, h.writer, h.generation, h.version, h.reads, h.slots, h.cipher.nonce, h.tag]),
  );
}

/** The items of one write: the header and the chunks of the sealed state. */
export async function sealSharedState(
  input: SharedSealInput,
  random: (n: number) => Uint8Array,
  tag: string = newTag(random),
): Promise<{ header: StorageSyncHeader; items: Record<string, unknown> }> {
  if (input.slots.length === 0 || input.slots.length > MAX_SLOTS)
    throw new SyncError('too-large', text('syncstorage_slots', MAX_SLOTS));
  const nonce = random(12);
  const body = packBody(encoder.encode(JSON.stringify(input.state)), STORAGE_SYNC_PAD);
  const header: StorageSyncHeader = {
    format: FORMAT,
    version: VERSION,
    reads: [...READS],
    syncId: input.syncId,
    slots: input.slots.map(slotToJson),
    cipher: { name: 'AES-256-GCM', nonce: base64.encode(nonce) },
    writer: input.writer,
    generation: input.generation,
    tag,
    chunks: 0,
  };
  const data = base64.encode(await seal(input.syncKey, nonce, body, aadOf(header)));
  const room = CHUNK_CHARS - tag.length - 1;
  const chunks: string[] = [];
  for (let i = 0; i < data.length; i += room) chunks.push(`${tag}:${data.slice(i, i + room)}`);
  header.chunks = chunks.length;
  const items: Record<string, unknown> = { [HEADER_KEY]: header };
  chunks.forEach((c, i) => {
    items[chunkKey(i)] = c;
  });
  return { header, items };
}

// ---------------------------------------------------------------------------------------------------------------
// Reading

/**
 * What the area holds. `incomplete` is no failure: the vendor's sync delivers items one by one, so a chunk may be
 * missing or still carry an older write's tag; the next `onChanged` brings the rest.
 */
export type Assembled =
  | { kind: 'empty' }
  | { kind: 'incomplete'; header: StorageSyncHeader }
  | { kind: 'complete'; header: StorageSyncHeader; sealed: Uint8Array };

const malformed = () => new SyncError('malformed-file', text('syncstorage_malformed'));

function check(ok: boolean): asserts ok {
  if (!ok) throw malformed();
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isB64 = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9+/]*={0,2}$/.test(v);
const isCount = (v: unknown, max: number): v is number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 && v <= max;

function parseSlot(v: unknown): SlotJson {
  check(isObj(v) && isObj(v.kdf));
  const k = v.kdf;
  check(typeof v.id === 'string' && v.id.length > 0 && v.id.length <= 64 && v.type === 'password');
  check(k.name === 'argon2id' && k.version === 19 && isB64(k.salt) && isB64(v.nonce) && isB64(v.wrappedKey));
  check(isCount(k.memoryKiB, 2 ** 32) && isCount(k.iterations, 2 ** 32) && isCount(k.parallelism, 2 ** 24));
  check(isCount(v.createdAt, Number.MAX_SAFE_INTEGER));
  // Field order fixed as written, so the AAD a reader rebuilds is the writer's.
  return {
    id: v.id,
    type: 'password',
    kdf: {
      name: 'argon2id',
      version: 19,
      memoryKiB: k.memoryKiB,
      iterations: k.iterations,
      parallelism: k.parallelism,
      salt: k.salt,
    },
    nonce: v.nonce,
    wrappedKey: v.wrappedKey,
    createdAt: v.createdAt,
  };
}

/**
 * The header item, checked. `newer-version` for a layout a newer Twofold wrote (left untouched: this device stops
 * writing the shared state), `malformed-file` for anything else that is not this layout's header.
 */
export function parseHeader(v: unknown): StorageSyncHeader {
  check(isObj(v) && v.format === FORMAT);
  check(isCount(v.version, 1_000_000) && v.version >= 1);
  if (v.version > VERSION) throw new SyncError('newer-version', text('syncstorage_newer', v.version));
  check(Array.isArray(v.reads) && v.reads.length <= 16 && v.reads.every((r) => isCount(r, 1_000_000)));
  check(typeof v.syncId === 'string' && v.syncId.length > 0 && v.syncId.length <= 64);
  check(typeof v.writer === 'string' && /^[a-z0-9]{1,64}$/.test(v.writer));
  check(isCount(v.generation, Number.MAX_SAFE_INTEGER));
  check(typeof v.tag === 'string' && new RegExp(`^[a-z2-7]{${TAG_CHARS}}$`).test(v.tag));
  check(isCount(v.chunks, MAX_ITEMS - 1) && v.chunks >= 1);
  check(Array.isArray(v.slots) && v.slots.length >= 1);
  if (v.slots.length > MAX_SLOTS) throw new SyncError('too-large', text('syncstorage_slots', MAX_SLOTS));
  check(isObj(v.cipher) && v.cipher.name === 'AES-256-GCM' && isB64(v.cipher.nonce));
  return {
    format: FORMAT,
    version: v.version,
    reads: v.reads as number[],
    syncId: v.syncId,
    slots: v.slots.map(parseSlot),
    cipher: { name: 'AES-256-GCM', nonce: v.cipher.nonce },
    writer: v.writer,
    generation: v.generation,
    tag: v.tag,
    chunks: v.chunks,
  };
}

/** The state the items hold: every chunk must carry the header's tag, else the write is not all here yet. */
export function assemble(items: Record<string, unknown>): Assembled {
  if (items[HEADER_KEY] === undefined) return { kind: 'empty' };
  const header = parseHeader(items[HEADER_KEY]);
  const prefix = `${header.tag}:`;
  let data = '';
  for (let i = 0; i < header.chunks; i++) {
    const c = items[chunkKey(i)];
    if (typeof c !== 'string' || !c.startsWith(prefix)) return { kind: 'incomplete', header };
    data += c.slice(prefix.length);
  }
  check(isB64(data));
  let sealed: Uint8Array;
  try {
    sealed = base64.decode(data);
  } catch {
    throw malformed();
  }
  return { kind: 'complete', header, sealed };
}

/** The shared state, decrypted under the sync key and checked as strictly as a vault record. */
export async function openSharedState(
  complete: { header: StorageSyncHeader; sealed: Uint8Array },
  syncKey: Uint8Array,
): Promise<SyncState> {
  const { header } = complete;
  let nonce: Uint8Array;
  try {
    nonce = base64.decode(header.cipher.nonce);
  } catch {
    throw malformed();
  }
  check(nonce.length === 12 && complete.sealed.length >= 16);
  let body: Uint8Array;
  try {
    // Any failure of the tag check (or a key of the wrong size) is the same to the person: not this sync's data.
    body = await open(syncKey, nonce, complete.sealed, aadOf(header), () => new VaultError('bad-record', 'tag'));
  } catch (cause) {
    throw new SyncError('tampered', text('syncstorage_tampered'), {}, { cause });
  }
  const json = unpackBody(body);
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(json));
  } catch (cause) {
    throw new SyncError('malformed-state', text('syncstorage_malformed'), {}, { cause });
  }
  return parseState(value);
}
