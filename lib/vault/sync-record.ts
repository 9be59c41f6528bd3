import { base64 } from '@scure/base';
import syncfix from '../../locales/en/syncfix.json';
import syncvault from '../../locales/en/syncvault.json';
import { textsOf } from '../i18n/text';
import { parseState } from '../sync/parse-state';
import type { EngineConfig, SeenFile, SyncRecord } from '../sync/record';
import { NONCE_BYTES, open, seal } from './aead';
import { VaultError, type VaultErrorCode } from './errors';
import type { SyncIndexEntry } from './record-index';
import { checkArgon2idParams, type PasswordSlot } from './slots';

/*
 * The replica record (docs/sync-format.md "On the device: the replica record"): this device's sync configuration and
 * CRDT replica, sealed under the vault key in IndexedDB `meta/"sync"`. Its version is in the vault index like the
 * settings' (docs/vault-format.md "The index"), so an older copy put back is named like a rolled-back record.
 */

/** The record as stored in `meta/"sync"`. */
export interface SealedSync {
  v: 1;
  version: number;
  nonce: Uint8Array;
  data: Uint8Array;
}

const stext = textsOf(syncvault);
const ftext = textsOf(syncfix);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const syncAad = (vaultId: string, version: number) =>
  encoder.encode(JSON.stringify(['twofold-vault/v2/sync', vaultId, version]));

/** The id a sync record's problems carry (`VaultError.recordId`), as 'settings' for the settings record. */
export const SYNC_RECORD_ID = 'sync';

export type SyncProblem = Extract<
  VaultErrorCode,
  'record-unreadable' | 'record-rolled-back' | 'record-out-of-step' | 'record-not-in-index' | 'record-missing'
>;

/** A replica record that is not used, named like an account record that disagrees with the index. */
export function syncProblem(code: SyncProblem, cause?: unknown): VaultError {
  const message = (() => {
    switch (code) {
      case 'record-unreadable':
        return stext('syncvault_record_unreadable');
      case 'record-rolled-back':
        return stext('syncvault_record_rolled_back');
      case 'record-out-of-step':
        return stext('syncvault_record_out_of_step');
      case 'record-not-in-index':
        return stext('syncvault_record_not_in_index');
      case 'record-missing':
        return stext('syncvault_record_missing');
    }
  })();
  return new VaultError(code, message, { recordId: SYNC_RECORD_ID, cause });
}

const slotToJson = (s: PasswordSlot) => ({
  id: s.id,
  type: s.type,
  kdf: { ...s.kdf, salt: base64.encode(s.kdf.salt) },
  nonce: base64.encode(s.nonce),
  wrappedKey: base64.encode(s.wrappedKey),
  createdAt: s.createdAt,
});

/** The plaintext: the record's fields, byte strings as base64 (JSON holds no bytes). */
export function toJson(r: SyncRecord): string {
  return JSON.stringify({
    v: r.v,
    syncKey: base64.encode(r.syncKey),
    syncId: r.syncId,
    device: r.device,
    deviceName: r.deviceName,
    engine: r.engine,
    slots: r.slots.map(slotToJson),
    generation: r.generation,
    written: r.written,
    ...(r.unsure ? { unsure: r.unsure } : {}),
    seen: r.seen,
    replica: r.replica,
    digests: r.digests,
    ...(r.lastSyncAt !== undefined ? { lastSyncAt: r.lastSyncAt } : {}),
    ...(r.writtenDigest !== undefined ? { writtenDigest: r.writtenDigest } : {}),
  });
}

/**
 * Seals the record, after running the strict reader (`fromJson`) on the very plaintext: a record the next unlock
 * would refuse (an over-long ETag or URL, a malformed field) is never written, so sync cannot pause itself at the
 * next unlock; the commit that carried it fails instead and the stored record stays the last good one.
 */
export async function sealSync(
  vaultKey: Uint8Array,
  vaultId: string,
  version: number,
  record: SyncRecord,
  random: (n: number) => Uint8Array,
): Promise<SealedSync> {
  const json = toJson(record);
  try {
    fromJson(JSON.parse(json));
  } catch (cause) {
    throw new VaultError('bad-record', ftext('syncfix_record_refused'), { recordId: SYNC_RECORD_ID, cause });
  }
  return sealSyncJson(vaultKey, vaultId, version, json, random);
}

/** Seals a plaintext as it stands, unchecked (tests use it to write records the reader must refuse). */
export async function sealSyncJson(
  vaultKey: Uint8Array,
  vaultId: string,
  version: number,
  json: string,
  random: (n: number) => Uint8Array,
): Promise<SealedSync> {
  const nonce = random(NONCE_BYTES);
  const data = await seal(vaultKey, nonce, encoder.encode(json), syncAad(vaultId, version));
  return { v: 1, version, nonce, data };
}

/** The version a stored value claims in the clear, when it is one (a damaged record still moves the next write on). */
export function claimedVersion(raw: unknown): number {
  const v = (raw as { version?: unknown } | null | undefined)?.version;
  return Number.isSafeInteger(v) && (v as number) > 0 ? (v as number) : 0;
}

/**
 * Opens the stored replica record against what the index says of it (`expected`; undefined when the index has no
 * entry, written before sync existed or by an older Twofold, or could not be read: then any authentic version is
 * taken). Anything wrong throws a {@link syncProblem}; the caller names it and opens the vault without sync.
 */
export async function openSync(
  vaultKey: Uint8Array,
  vaultId: string,
  raw: unknown,
  expected: SyncIndexEntry | undefined,
): Promise<{ record: SyncRecord; version: number }> {
  if (raw === undefined) throw syncProblem('record-missing');
  const r = raw as Partial<SealedSync> | null;
  if (
    typeof r !== 'object' ||
    r === null ||
    r.v !== 1 ||
    !Number.isSafeInteger(r.version) ||
    (r.version as number) < 1 ||
    !(r.nonce instanceof Uint8Array) ||
    r.nonce.length !== NONCE_BYTES ||
    !(r.data instanceof Uint8Array)
  )
    throw syncProblem('record-unreadable');
  const version = r.version as number;
  const plain = await open(vaultKey, r.nonce, r.data, syncAad(vaultId, version), () =>
    syncProblem('record-unreadable'),
  );
  if (expected?.off) throw syncProblem('record-not-in-index');
  if (expected && version < expected.version) throw syncProblem('record-rolled-back');
  if (expected && version > expected.version) throw syncProblem('record-out-of-step');
  try {
    return { record: fromJson(JSON.parse(decoder.decode(plain))), version };
  } catch (cause) {
    throw syncProblem('record-unreadable', cause);
  }
}

class Bad extends Error {}

function check(ok: boolean): asserts ok {
  if (!ok) throw new Bad('shape');
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;
const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length <= max;
/** Only the listed keys (an unknown one is a record this version did not write). */
const onlyKeys = (o: Record<string, unknown>, keys: readonly string[]) =>
  check(Object.keys(o).every((k) => keys.includes(k)));
const bytes = (v: unknown): Uint8Array => {
  check(typeof v === 'string');
  return base64.decode(v as string);
};
/** Device ids and file names become URL path segments: letters and digits only. */
const ID_RE = /^[0-9a-z]{1,64}$/;
/**
 * A file name as the folder lists it (`<device>.a.tfsync`) or a browser-sync key (`tf:…`): no path separator, no
 * dot-only name.
 */
const NAME_RE = /^[0-9A-Za-z][0-9A-Za-z._:-]{0,127}$/;
const DIGEST_RE = /^[0-9a-f]{64}$/;
const MAX_SLOTS = 8;
const MAX_SEEN = 128;

function slotOf(v: unknown): PasswordSlot {
  check(isObject(v));
  onlyKeys(v, ['id', 'type', 'kdf', 'nonce', 'wrappedKey', 'createdAt']);
  check(isText(v.id, 64) && (v.id as string).length > 0 && v.type === 'password' && isCount(v.createdAt));
  check(isObject(v.kdf));
  const kdf = checkArgon2idParams({ ...(v.kdf as object), salt: bytes((v.kdf as Record<string, unknown>).salt) });
  const nonce = bytes(v.nonce);
  const wrappedKey = bytes(v.wrappedKey);
  check(nonce.length === NONCE_BYTES && wrappedKey.length > 0);
  return { id: v.id as string, type: 'password', kdf, nonce, wrappedKey, createdAt: v.createdAt as number };
}

function engineOf(v: unknown): EngineConfig {
  check(isObject(v));
  if (v.kind === 'storage-sync') {
    onlyKeys(v, ['kind']);
    return { kind: 'storage-sync' };
  }
  check(v.kind === 'webdav');
  onlyKeys(v, ['kind', 'url', 'user', 'password']);
  check(isText(v.url, 2048) && (v.url as string).length > 0 && isText(v.user, 1024) && isText(v.password, 4096));
  return { kind: 'webdav', url: v.url as string, user: v.user as string, password: v.password as string };
}

function seenOf(v: unknown): Record<string, SeenFile> {
  check(isObject(v) && Object.keys(v).length <= MAX_SEEN);
  const out: Record<string, SeenFile> = {};
  for (const [name, entry] of Object.entries(v)) {
    check(NAME_RE.test(name) && isObject(entry));
    const e = entry as Record<string, unknown>;
    onlyKeys(e, ['generation', 'etag', 'size', 'modified', 'damaged']);
    check(isCount(e.generation));
    check(e.etag === undefined || isText(e.etag, 1024));
    check(e.size === undefined || isCount(e.size));
    check(e.modified === undefined || isCount(e.modified));
    check(e.damaged === undefined || e.damaged === 'unreadable' || e.damaged === 'malformed');
    out[name] = e as unknown as SeenFile;
  }
  return out;
}

/** The decrypted plaintext, every field checked (the state through the sync core's own strict check). */
function fromJson(v: unknown): SyncRecord {
  check(isObject(v));
  onlyKeys(v, [
    'v',
    'syncKey',
    'syncId',
    'device',
    'deviceName',
    'engine',
    'slots',
    'generation',
    'written',
    'unsure',
    'seen',
    'replica',
    'digests',
    'lastSyncAt',
    'writtenDigest',
  ]);
  check(v.v === 1);
  const syncKey = bytes(v.syncKey);
  check(syncKey.length === 32);
  check(isText(v.syncId, 128) && (v.syncId as string).length > 0);
  check(typeof v.device === 'string' && ID_RE.test(v.device));
  check(isText(v.deviceName, 256));
  check(Array.isArray(v.slots) && v.slots.length <= MAX_SLOTS);
  const slots = (v.slots as unknown[]).map(slotOf);
  check(isCount(v.generation));
  check(isObject(v.written));
  const written = v.written as Record<string, unknown>;
  onlyKeys(written, ['a', 'b']);
  check((written.a === undefined || isCount(written.a)) && (written.b === undefined || isCount(written.b)));
  if (v.unsure !== undefined) {
    check(isObject(v.unsure));
    const u = v.unsure as Record<string, unknown>;
    onlyKeys(u, ['slot', 'generation']);
    check((u.slot === 'a' || u.slot === 'b') && isCount(u.generation));
  }
  check(isObject(v.replica));
  const replica = v.replica as Record<string, unknown>;
  onlyKeys(replica, ['device', 'hlc', 'state']);
  check(typeof replica.device === 'string' && ID_RE.test(replica.device) && isObject(replica.hlc));
  const hlc = replica.hlc as Record<string, unknown>;
  onlyKeys(hlc, ['l', 'c']);
  check(isCount(hlc.l) && isCount(hlc.c));
  const state = parseState(replica.state);
  check(isObject(v.digests));
  const digests = v.digests as Record<string, unknown>;
  check(Object.values(digests).every((d) => typeof d === 'string' && DIGEST_RE.test(d)));
  check(!Object.keys(digests).includes('__proto__'));
  check(v.lastSyncAt === undefined || isCount(v.lastSyncAt));
  check(v.writtenDigest === undefined || (typeof v.writtenDigest === 'string' && DIGEST_RE.test(v.writtenDigest)));
  return {
    v: 1,
    syncKey,
    syncId: v.syncId as string,
    device: v.device as string,
    deviceName: v.deviceName as string,
    engine: engineOf(v.engine),
    slots,
    generation: v.generation as number,
    written: written as SyncRecord['written'],
    ...(v.unsure !== undefined ? { unsure: v.unsure as NonNullable<SyncRecord['unsure']> } : {}),
    seen: seenOf(v.seen),
    replica: { device: replica.device as string, hlc: { l: hlc.l as number, c: hlc.c as number }, state },
    digests: digests as Record<string, string>,
    ...(v.lastSyncAt !== undefined ? { lastSyncAt: v.lastSyncAt as number } : {}),
    ...(v.writtenDigest !== undefined ? { writtenDigest: v.writtenDigest as string } : {}),
  };
}
