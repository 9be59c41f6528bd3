import { randomBytes } from 'node:crypto';
import { base64 } from '@scure/base';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { encodeBase32 } from '../../../lib/encoding/base32';
import { deviceFileCodec, deviceFileName, MAX_DEVICE_FILES, parseDeviceFileName } from '../../../lib/sync/device-file';
import { SyncError } from '../../../lib/sync/errors';
import type { SealInput } from '../../../lib/sync/ports';
import type { SyncState } from '../../../lib/sync/state';
import { createSyncSlot, newDeviceId, newSyncKey } from '../../../lib/sync/sync-slot';
import { liveAccounts } from '../../../lib/sync/view';
import type { Account } from '../../../lib/vault/account-data';
import type { PasswordSlot } from '../../../lib/vault/slots';
import { TestDevice } from './device';
import { opArb, simulate, skewArb } from './simulate';

const T = Date.UTC(2026, 11, 1);
const random = (n: number) => new Uint8Array(randomBytes(n));
const CHEAP = { memoryKiB: 64, iterations: 1, parallelism: 1 };
const DEVICE = 'k3mzq7a2b4c5d6e7f2g3h4i5j6';
const OTHER_DEVICE = 'zzzzzzzzzzzzzzzzzzzzzzzzzz';
const SYNC_ID = '0f8c4a4e-1111-4222-8333-444455556666';
const SECRET = new Uint8Array([0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x21, 0xde, 0xad, 0xbe, 0xef]);

function account(id: string, issuer: string, hotp: boolean, order: number): Account {
  const common = { issuer, account: 'alice@example.com', algorithm: 'SHA1' as const, digits: 6, secret: SECRET };
  return {
    id,
    createdAt: T,
    updatedAt: T,
    otp: hotp ? { kind: 'hotp', ...common, counter: 7n } : { kind: 'totp', ...common, period: 30 },
    sites: [`${issuer.toLowerCase()}.example`],
    notes: 'a private note',
    recoveryCodes: [{ code: 'abcd-efgh' }, { code: 'ijkl-mnop', usedAt: T }],
    pinned: false,
    order,
  };
}

function stateOf(n: number): SyncState {
  const d = new TestDevice(DEVICE);
  for (let i = 0; i < n; i++) d.write(account(`acc-${i}`, `Issuer${i}`, i % 2 === 1, i), T + i);
  return d.state;
}

let slot: PasswordSlot;
let slot2: PasswordSlot;
const key = newSyncKey(random);
let fx: { random: typeof random; now: () => number; uuid: () => string };

beforeAll(async () => {
  fx = { random, now: () => T, uuid: () => crypto.randomUUID() };
  slot = await createSyncSlot('correct horse', key, SYNC_ID, fx, CHEAP);
  slot2 = await createSyncSlot('battery staple', key, SYNC_ID, fx, CHEAP);
});

const input = (over: Partial<SealInput> = {}): SealInput => ({
  syncId: SYNC_ID,
  device: DEVICE,
  generation: 118,
  slots: [slot],
  state: stateOf(3),
  syncKey: key,
  ...over,
});

// biome-ignore lint/suspicious/noExplicitAny: a test reaching into the file's JSON to change one field
type Raw = any;
const decode = (bytes: Uint8Array): Raw => JSON.parse(new TextDecoder().decode(bytes));
const encode = (raw: Raw) => new TextEncoder().encode(JSON.stringify(raw));

async function failure(p: Promise<unknown> | (() => unknown)): Promise<SyncError> {
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    if (e instanceof SyncError) return e;
    throw e;
  }
  throw new Error('did not fail');
}

describe('device file (.tfsync)', () => {
  it('round-trips: the state and the clear header come back; the header reads without the key', async () => {
    const state = stateOf(4);
    const bytes = await deviceFileCodec.seal(input({ state }), random);
    const { header, state: back } = await deviceFileCodec.open(bytes, key);
    expect(back).toEqual(JSON.parse(JSON.stringify(state)));
    expect(liveAccounts(back, T + 10)).toEqual(liveAccounts(state, T + 10));
    const expected = { version: 1, reads: [1], syncId: SYNC_ID, device: DEVICE, generation: 118, slots: [slot] };
    expect(header).toEqual(expected);
    expect(deviceFileCodec.header(bytes)).toEqual(expected);
  });

  it('writes the container of docs/sync-format.md, with a fresh 12-byte nonce each time', async () => {
    const a = decode(await deviceFileCodec.seal(input(), random));
    const b = decode(await deviceFileCodec.seal(input(), random));
    expect(Object.keys(a)).toEqual([
      'format',
      'version',
      'reads',
      'syncId',
      'device',
      'generation',
      'slots',
      'cipher',
      'data',
    ]);
    expect(a.format).toBe('twofold-sync-state');
    expect(Object.keys(a.slots[0])).toEqual(['id', 'type', 'kdf', 'nonce', 'wrappedKey', 'createdAt']);
    expect(Object.keys(a.slots[0].kdf)).toEqual(['name', 'version', 'memoryKiB', 'iterations', 'parallelism', 'salt']);
    expect(a.cipher.name).toBe('AES-256-GCM');
    expect(base64.decode(a.cipher.nonce).length).toBe(12);
    expect(a.cipher.nonce).not.toBe(b.cipher.nonce);
    expect(a.data).not.toBe(b.data);
  });

  it('shows nothing of the accounts in the clear: no secret, issuer, name, note, site or code', async () => {
    const file = decode(await deviceFileCodec.seal(input(), random));
    // The clear fields are searched as text; the ciphertext as bytes (its base64 text is random letters, where a short
    // needle compared without case turns up by chance about once in a few hundred runs).
    const clear = JSON.stringify({ ...file, data: '' }).toLowerCase();
    const cipher = Buffer.from(base64.decode(file.data));
    for (const needle of [
      encodeBase32(SECRET),
      Buffer.from(SECRET).toString('hex'),
      Buffer.from(SECRET).toString('base64').replace(/=+$/, ''),
      'Issuer1',
      'alice',
      'private note',
      'issuer1.example',
      'abcd',
    ]) {
      expect(clear).not.toContain(needle.toLowerCase());
      expect(cipher.includes(Buffer.from(needle))).toBe(false);
    }
  });

  it('pads the body to a multiple of 4096 bytes, so states of similar size give files of one size', async () => {
    const sizes = new Set<number>();
    for (const n of [1, 2, 3]) {
      const raw = decode(await deviceFileCodec.seal(input({ state: stateOf(n), generation: 100 + n }), random));
      const data = base64.decode(raw.data);
      // ciphertext = padded body + 16-byte tag
      expect((data.length - 16) % 4096).toBe(0);
      sizes.add(data.length);
    }
    expect(sizes.size).toBe(1);
    const big = decode(await deviceFileCodec.seal(input({ state: stateOf(200) }), random));
    expect((base64.decode(big.data).length - 16) % 4096).toBe(0);
    expect(base64.decode(big.data).length).toBeGreaterThan(4096 + 16);
  });

  describe('every header field is bound into the tag (changed → "tampered")', () => {
    const changes: [string, (raw: Raw) => void][] = [
      ['syncId', (r) => (r.syncId = '0f8c4a4e-1111-4222-8333-444455556667')],
      ['device', (r) => (r.device = OTHER_DEVICE)],
      ['generation', (r) => (r.generation = 119)],
      ['reads', (r) => (r.reads = [1, 2])],
      ['slot id', (r) => (r.slots[0].id = 'f00dcafe-0000-4000-8000-000000000000')],
      ['slot createdAt', (r) => (r.slots[0].createdAt += 1)],
      ['slot kdf iterations', (r) => (r.slots[0].kdf.iterations = 2)],
      ['slot salt', (r) => (r.slots[0].kdf.salt = base64.encode(new Uint8Array(16).fill(7)))],
      ['slot nonce', (r) => (r.slots[0].nonce = base64.encode(new Uint8Array(12).fill(7)))],
      ['slot wrappedKey', (r) => (r.slots[0].wrappedKey = base64.encode(new Uint8Array(48).fill(7)))],
      ['a slot swapped for another', (r) => (r.slots[0] = r.otherSlot)],
      ['a slot added', (r) => r.slots.push(r.otherSlot)],
      ['a slot removed', (r) => r.slots.pop()],
      ['cipher nonce', (r) => (r.cipher.nonce = base64.encode(new Uint8Array(12).fill(9)))],
    ];
    for (const [what, change] of changes)
      it(what, async () => {
        const bytes = await deviceFileCodec.seal(input(), random);
        const other = decode(await deviceFileCodec.seal(input({ slots: [slot2] }), random));
        const raw = decode(bytes);
        raw.otherSlot = other.slots[0];
        change(raw);
        delete raw.otherSlot;
        const changed = encode(raw);
        // Still a well-formed header: only the tag can tell.
        expect(() => deviceFileCodec.header(changed)).not.toThrow();
        const e = await failure(deviceFileCodec.open(changed, key));
        expect(e.code).toBe('tampered');
        expect(e.details.device).toBe(raw.device);
      });

    it('a file whose every slot field is intact opens (the changes above are what failed)', async () => {
      const bytes = await deviceFileCodec.seal(input({ slots: [slot, slot2] }), random);
      const raw = decode(bytes);
      raw.extra = 'readers ignore unknown top-level fields';
      raw.slots[0].note = 'and unknown slot fields';
      await expect(deviceFileCodec.open(encode(raw), key)).resolves.toBeDefined();
    });
  });

  it('the version: a higher one is a newer Twofold, named, and nothing else of the file is read', async () => {
    const raw = decode(await deviceFileCodec.seal(input(), random));
    raw.version = 2;
    raw.slots = 'whatever version 2 puts here';
    const e = await failure(() => deviceFileCodec.header(encode(raw)));
    expect(e.code).toBe('newer-version');
    expect(e.message).toMatch(/sync format 2/);
    expect(e.details.device).toBe(DEVICE);
    expect((await failure(deviceFileCodec.open(encode(raw), key))).code).toBe('newer-version');
  });

  it('a changed ciphertext byte, or the wrong key, is "tampered"', async () => {
    const raw = decode(await deviceFileCodec.seal(input(), random));
    const data = base64.decode(raw.data);
    data[100] = (data[100] as number) ^ 1;
    expect((await failure(deviceFileCodec.open(encode({ ...raw, data: base64.encode(data) }), key))).code).toBe(
      'tampered',
    );
    const good = await deviceFileCodec.seal(input(), random);
    const e = await failure(deviceFileCodec.open(good, newSyncKey(random)));
    expect(e.code).toBe('tampered');
    expect(e.message).toMatch(/changed outside Twofold/);
  });

  it('a truncated file: cut anywhere it is refused, never half-read', async () => {
    const bytes = await deviceFileCodec.seal(input(), random);
    for (const at of [0, 10, bytes.length / 2, bytes.length - 2]) {
      const e = await failure(deviceFileCodec.open(bytes.subarray(0, Math.floor(at)), key));
      expect(e.code).toBe('malformed-file');
    }
    // Cut inside `data` but re-closed as JSON: the tag check fails.
    const raw = decode(bytes);
    raw.data = raw.data.slice(0, raw.data.length - 400);
    expect((await failure(deviceFileCodec.open(encode(raw), key))).code).toBe('tampered');
  });

  it('checks every clear field before any key is used, naming it', async () => {
    const raw = decode(await deviceFileCodec.seal(input(), random));
    const cases: [string, (r: Raw) => void, string, RegExp][] = [
      ['not JSON', () => {}, 'malformed-file', /not JSON/],
      ['format', (r) => (r.format = 'twofold-backup'), 'malformed-file', /not a Twofold sync file/],
      ['version 0', (r) => (r.version = 0), 'malformed-file', /“version”/],
      ['version text', (r) => (r.version = '1'), 'malformed-file', /“version”/],
      ['reads empty', (r) => (r.reads = []), 'malformed-file', /“reads”/],
      ['reads without its version', (r) => (r.reads = [2]), 'malformed-file', /“reads”/],
      ['syncId', (r) => (r.syncId = 'a/b'), 'malformed-file', /“syncId”/],
      ['device', (r) => (r.device = 'K3M'), 'malformed-file', /“device”/],
      ['generation', (r) => (r.generation = -1), 'malformed-file', /“generation”/],
      ['slots', (r) => (r.slots = {}), 'malformed-file', /“slots”/],
      ['slot type', (r) => (r.slots[0].type = 'prf'), 'malformed-file', /slot .*“type”/],
      ['slot salt', (r) => (r.slots[0].kdf.salt = '!!'), 'malformed-file', /“kdf.salt”/],
      ['slot Argon2id cost', (r) => (r.slots[0].kdf.iterations = 1000), 'malformed-file', /“kdf iterations”/],
      ['slot memory', (r) => (r.slots[0].kdf.memoryKiB = 4_000_000), 'malformed-file', /“kdf memoryKiB”/],
      ['slot nonce', (r) => (r.slots[0].nonce = base64.encode(new Uint8Array(11))), 'malformed-file', /“nonce”/],
      ['slot wrappedKey', (r) => (r.slots[0].wrappedKey = 'AAAA'), 'malformed-file', /“wrappedKey”/],
      ['slot createdAt', (r) => (r.slots[0].createdAt = 'now'), 'malformed-file', /“createdAt”/],
      ['nine slots', (r) => (r.slots = Array(9).fill(r.slots[0])), 'too-large', /9 password slots.*at most 8/],
      ['cipher', (r) => (r.cipher.name = 'AES-128-GCM'), 'malformed-file', /“cipher”/],
      ['cipher nonce', (r) => (r.cipher.nonce = 'AAAA'), 'malformed-file', /“cipher.nonce”/],
      ['data', (r) => (r.data = 'AAAA'), 'malformed-file', /“data”/],
      ['data not base64', (r) => (r.data = '***'), 'malformed-file', /“data”/],
    ];
    for (const [what, change, code, message] of cases) {
      const copy = structuredClone(raw);
      change(copy);
      const bytes = what === 'not JSON' ? new TextEncoder().encode('{"format":') : encode(copy);
      const e = await failure(() => deviceFileCodec.header(bytes));
      expect([what, e.code], e.message).toEqual([what, code]);
      expect(e.message, what).toMatch(message);
      // open() checks the same, before the key.
      expect((await failure(deviceFileCodec.open(bytes, key))).code, what).toBe(code);
    }
  });

  it('refuses a file over 16 MiB before parsing it', async () => {
    const e = await failure(() => deviceFileCodec.header(new Uint8Array(16 * 1024 * 1024 + 1)));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/at most 16 MiB/);
  });

  it('a state that fails its checks after decryption is "malformed-state", naming the device', async () => {
    const bad = { ...stateOf(1), v: 2 } as unknown as SyncState;
    const bytes = await deviceFileCodec.seal(input({ state: bad }), random);
    const e = await failure(deviceFileCodec.open(bytes, key));
    expect(e.code).toBe('malformed-state');
    expect(e.details.device).toBe(DEVICE);
  });

  it('refuses to write what no reader would read', async () => {
    expect((await failure(deviceFileCodec.seal(input({ device: 'Laptop' }), random))).code).toBe('malformed-file');
    expect((await failure(deviceFileCodec.seal(input({ slots: Array(9).fill(slot) }), random))).code).toBe('too-large');
  });

  it('property: seal then open gives back any state a run of devices produced', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { maxLength: 40 }), skewArb, async (ops, skew) => {
        const run = simulate(ops, skew);
        for (const d of run.devices) {
          const bytes = await deviceFileCodec.seal(input({ state: d.state, slots: [] }), random);
          const { state } = await deviceFileCodec.open(bytes, key);
          expect(state).toEqual(JSON.parse(JSON.stringify(d.state)));
        }
      }),
      { numRuns: 25 },
    );
  });
});

describe('device file names', () => {
  it('are `<device>.<a|b>.tfsync` and read back; any other name is not a device file', () => {
    const id = newDeviceId(random);
    expect(deviceFileName(id, 'a')).toBe(`${id}.a.tfsync`);
    expect(parseDeviceFileName(deviceFileName(id, 'b'))).toEqual({ device: id, slot: 'b' });
    for (const name of [
      'sync.json',
      `${id}.c.tfsync`,
      `${id}.a.tfsync.tmp`,
      `${id.toUpperCase()}.a.tfsync`,
      `${id.slice(1)}.a.tfsync`,
      `../${id}.a.tfsync`,
      '',
    ])
      expect(parseDeviceFileName(name), name).toBeUndefined();
    expect(MAX_DEVICE_FILES).toBe(64);
  });
});
