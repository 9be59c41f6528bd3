import { sha256 } from '@noble/hashes/sha2.js';
import { base64 } from '@scure/base';
import { SyncError } from '../../../lib/sync/errors';
import { parseState } from '../../../lib/sync/parse-state';
import type { DeviceFileCodec, DeviceFileHeader, SyncKeyring } from '../../../lib/sync/ports';
import { open, seal } from '../../../lib/vault/aead';
import { VaultError } from '../../../lib/vault/errors';
import type { PasswordSlot } from '../../../lib/vault/slots';

/*
 * Test stand-ins for the file format (the real ones are lib/sync/device-file.ts and sync-slot.ts): a JSON device
 * file whose state is AES-GCM under the sync key with the header as associated data (so a changed byte anywhere is
 * `tampered`), and a keyring whose slot KEK is SHA-256 of password and salt instead of Argon2id (milliseconds, not
 * a second). The round must behave the same with the real codec; nothing here is a quirk it may rely on.
 */

const encoder = new TextEncoder();
const decoder = new TextDecoder();

interface SlotJson extends Omit<PasswordSlot, 'kdf' | 'nonce' | 'wrappedKey'> {
  kdf: Omit<PasswordSlot['kdf'], 'salt'> & { salt: string };
  nonce: string;
  wrappedKey: string;
}

const slotToJson = (s: PasswordSlot): SlotJson => ({
  ...s,
  kdf: { ...s.kdf, salt: base64.encode(s.kdf.salt) },
  nonce: base64.encode(s.nonce),
  wrappedKey: base64.encode(s.wrappedKey),
});
const slotFromJson = (s: SlotJson): PasswordSlot => ({
  ...s,
  kdf: { ...s.kdf, salt: base64.decode(s.kdf.salt) },
  nonce: base64.decode(s.nonce),
  wrappedKey: base64.decode(s.wrappedKey),
});

interface FileJson {
  format: 'test-sync';
  header: { version: number; reads: number[]; syncId: string; device: string; generation: number; slots: SlotJson[] };
  nonce: string;
  data: string;
}

function parse(bytes: Uint8Array): FileJson {
  let v: FileJson;
  try {
    v = JSON.parse(decoder.decode(bytes)) as FileJson;
  } catch (cause) {
    throw new SyncError('malformed-file', 'not a test sync file', {}, { cause });
  }
  if (v?.format !== 'test-sync' || typeof v.header !== 'object') throw new SyncError('malformed-file', 'bad file');
  if (v.header.version > 1) throw new SyncError('newer-version', 'newer');
  return v;
}

const headerOf = (f: FileJson): DeviceFileHeader => ({ ...f.header, slots: f.header.slots.map(slotFromJson) });

export const testCodec: DeviceFileCodec & { version: number } = {
  version: 1,
  async seal(input, random) {
    const header = {
      version: this.version,
      reads: [1],
      syncId: input.syncId,
      device: input.device,
      generation: input.generation,
      slots: input.slots.map(slotToJson),
    };
    const nonce = random(12);
    const data = await seal(
      input.syncKey,
      nonce,
      encoder.encode(JSON.stringify(input.state)),
      encoder.encode(JSON.stringify(header)),
    );
    const file: FileJson = { format: 'test-sync', header, nonce: base64.encode(nonce), data: base64.encode(data) };
    return encoder.encode(JSON.stringify(file));
  },
  header(bytes) {
    return headerOf(parse(bytes));
  },
  async open(bytes, syncKey) {
    const f = parse(bytes);
    let plain: Uint8Array;
    try {
      plain = await open(
        syncKey,
        base64.decode(f.nonce),
        base64.decode(f.data),
        encoder.encode(JSON.stringify(f.header)),
        () => new VaultError('bad-record', 'tag'),
      );
    } catch (cause) {
      throw new SyncError('tampered', 'tag check failed', {}, { cause });
    }
    return { header: headerOf(f), state: parseState(JSON.parse(decoder.decode(plain))) };
  },
};

const kekOf = (password: string, salt: Uint8Array) => sha256(new Uint8Array([...encoder.encode(password), ...salt]));
const slotAad = (syncId: string, id: string) => encoder.encode(JSON.stringify(['test-slot', syncId, id]));

export const testKeyring: SyncKeyring = {
  async createSlot(password, syncKey, syncId, fx) {
    const id = fx.uuid();
    const salt = fx.random(16);
    const nonce = fx.random(12);
    const wrappedKey = await seal(kekOf(password, salt), nonce, syncKey, slotAad(syncId, id));
    return {
      id,
      type: 'password',
      kdf: { name: 'argon2id', version: 0x13, memoryKiB: 8, iterations: 1, parallelism: 1, salt },
      nonce,
      wrappedKey,
      createdAt: fx.now(),
    };
  },
  async unwrap(slots, password, syncId) {
    const distinct = [...new Map(slots.map((s) => [s.id, s])).values()].slice(0, 8);
    for (const s of distinct) {
      try {
        return await open(
          kekOf(password, s.kdf.salt),
          s.nonce,
          s.wrappedKey,
          slotAad(syncId, s.id),
          () => new VaultError('bad-record', 'tag'),
        );
      } catch {
        // Not this slot: try the next.
      }
    }
    throw new SyncError('wrong-password', 'no slot opens');
  },
};

/** A deterministic random source for tests (xorshift), so runs repeat. */
export function seededRandom(seed: number): (n: number) => Uint8Array {
  let x = seed >>> 0 || 1;
  return (n) => {
    const out = new Uint8Array(n);
    for (let i = 0; i < n; i++) {
      x ^= x << 13;
      x >>>= 0;
      x ^= x >>> 17;
      x ^= x << 5;
      x >>>= 0;
      out[i] = x & 0xff;
    }
    return out;
  };
}
