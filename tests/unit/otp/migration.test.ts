import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMigrationUri, encodeMigrationUris } from '../../../lib/otp/migration';
import { describeBatch, missingCodes, trackBatch } from '../../../lib/otp/migration-batch';
import type { OtpParams } from '../../../lib/otp/types';
import { UriError } from '../../../lib/otp/uri';
import { fromHex, hex, loadVectors } from '../vectors';

interface MigrationFile {
  cases: Array<{
    note: string;
    uri: string;
    batch: { version: number; size: number; index: number; id: number };
    accounts: Array<Record<string, string | number>>;
    errors: Array<{ index: number; label: string; message: string }>;
  }>;
  invalid: Array<{ note: string; uri: string; error: string }>;
}
const v = loadVectors<MigrationFile>('migration.json');

function flat(p: OtpParams): Record<string, string | number> {
  const { secret, ...rest } = p;
  const out: Record<string, string | number> = { secretHex: hex(secret) };
  for (const [k, val] of Object.entries(rest))
    out[k] = typeof val === 'bigint' ? val.toString() : (val as string | number);
  return out;
}

describe('otpauth-migration decode (hand-assembled payloads)', () => {
  for (const c of v.cases) {
    it(c.note, () => {
      const decoded = decodeMigrationUri(c.uri);
      expect(decoded.batch).toEqual(c.batch);
      expect(decoded.accounts.map(flat)).toEqual(c.accounts);
      expect(decoded.errors.map((e) => [e.index, e.label])).toEqual(c.errors.map((e) => [e.index, e.label]));
      for (const [i, e] of decoded.errors.entries())
        expect(e.message.english).toContain((c.errors[i] as { message: string }).message);
    });
  }
  it('tolerates missing = padding in percent-encoded data', () => {
    const first = v.cases[0] as MigrationFile['cases'][number];
    const stripped = first.uri.replace(/(%3D)+$/, '');
    expect(stripped).not.toBe(first.uri);
    expect(decodeMigrationUri(stripped).accounts.map(flat)).toEqual(first.accounts);
  });
  for (const c of v.invalid) {
    it(`refuses: ${c.note}`, () => {
      expect(() => decodeMigrationUri(c.uri)).toThrow(expect.objectContaining({ code: c.error }));
    });
  }
});

const sample: OtpParams[] = [
  {
    kind: 'totp',
    secret: fromHex('48656c6c6f21deadbeef'),
    issuer: 'Example',
    account: 'alice',
    algorithm: 'SHA1',
    digits: 6,
    period: 30,
  },
  {
    kind: 'hotp',
    secret: fromHex('0102030405'),
    issuer: '',
    account: 'bob',
    algorithm: 'SHA512',
    digits: 8,
    counter: 123456789012n,
  },
  { kind: 'steam', secret: fromHex('0a0b'), issuer: 'Steam', account: 'gaben' },
  { kind: 'totp', secret: fromHex('0a0b0c'), issuer: 'X', account: 'y', algorithm: 'SHA1', digits: 6, period: 60 },
  { kind: 'totp', secret: fromHex('0a0b0d'), issuer: 'X', account: 'z', algorithm: 'SHA1', digits: 7, period: 30 },
];

describe('otpauth-migration encode', () => {
  it('exports what Google Authenticator can show and lists the rest with reasons', () => {
    const { uris, skipped } = encodeMigrationUris(sample, { batchId: -5 });
    expect(uris).toHaveLength(1);
    expect(decodeMigrationUri(uris[0] as string).accounts).toEqual(sample.slice(0, 2));
    expect(skipped.map((s) => s.reason.english)).toEqual([
      expect.stringMatching(/Steam/),
      expect.stringMatching(/30-second.*60 s/),
      expect.stringMatching(/6- or 8-digit.*7/),
    ]);
  });

  it('splits large exports into a numbered batch that decodes back completely', () => {
    const many: OtpParams[] = Array.from({ length: 23 }, (_, i) => ({
      kind: 'totp',
      secret: new Uint8Array([i, i + 1, i + 2, 7, 8, 9, 10, 11, 12, 13]),
      issuer: `Issuer ${i}`,
      account: `user${i}@example.com`,
      algorithm: 'SHA256',
      digits: 8,
      period: 30,
    }));
    const { uris } = encodeMigrationUris(many, { batchId: 99, perQr: 10 });
    expect(uris).toHaveLength(3);
    let progress: ReturnType<typeof trackBatch> | undefined;
    const back: OtpParams[] = [];
    for (const uri of [uris[2], uris[0], uris[0], uris[1]] as string[]) {
      const d = decodeMigrationUri(uri);
      expect(d.batch).toMatchObject({ id: 99, size: 3, version: 1 });
      progress = trackBatch(progress, d.batch);
      if (d.batch.index !== 0 || !back.some((a) => a.account === 'user0@example.com')) back.push(...d.accounts);
    }
    expect(progress && missingCodes(progress)).toEqual([]);
    expect(back.sort((a, b) => a.account.localeCompare(b.account))).toEqual(
      [...many].sort((a, b) => a.account.localeCompare(b.account)),
    );
  });

  it('round-trips any exportable account', () => {
    // Google Authenticator reads "X:" at the start of a name as an issuer prefix, so names with ':'
    // cannot survive its format; the decoding of such names is pinned by the vector cases above.
    const account = fc.string({ maxLength: 20 }).map((s) => s.replace(/:/g, '').trim());
    const exportable: fc.Arbitrary<OtpParams> = fc.oneof(
      fc.record({
        kind: fc.constant('totp' as const),
        secret: fc.uint8Array({ minLength: 1, maxLength: 64 }),
        issuer: fc.string({ maxLength: 20 }).map((s) => s.replace(/:/g, '').trim()),
        account,
        algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const),
        digits: fc.constantFrom(6, 8),
        period: fc.constant(30),
      }),
      fc.record({
        kind: fc.constant('hotp' as const),
        secret: fc.uint8Array({ minLength: 1, maxLength: 64 }),
        issuer: fc.string({ maxLength: 20 }).map((s) => s.replace(/:/g, '').trim()),
        account,
        algorithm: fc.constantFrom('SHA1' as const, 'SHA256' as const, 'SHA512' as const),
        digits: fc.constantFrom(6, 8),
        counter: fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }),
      }),
    );
    fc.assert(
      fc.property(fc.array(exportable, { minLength: 1, maxLength: 12 }), fc.integer(), (accounts, batchId) => {
        const { uris, skipped } = encodeMigrationUris(accounts, { batchId });
        expect(skipped).toEqual([]);
        const back = uris.flatMap((u) => decodeMigrationUri(u).accounts);
        expect(back).toEqual(accounts);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 300) },
    );
  });
});

describe('otpauth-migration fuzz', () => {
  it('random payload bytes decode or throw a UriError, and never half-import', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (bytes) => {
        const uri = `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(bytes).toString('base64'))}`;
        try {
          const d = decodeMigrationUri(uri);
          // Whatever decodes is complete: every raw entry is either an account or a listed error.
          for (const a of d.accounts) expect(a.secret.length).toBeGreaterThan(0);
        } catch (e) {
          expect(e).toBeInstanceOf(UriError);
        }
      }),
      { numRuns: 3000 },
    );
  });
});

describe('otpauth-migration payloads in shape, with random fields', () => {
  // Well-formed protobuf (what Google Authenticator's export writes: MigrationPayload with OtpParameters
  // entries) whose every field is random, so the decoder's own rules decide, not the wire reader.
  const entry = fc.record(
    {
      secret: fc.uint8Array({ maxLength: 40 }),
      name: fc.string({ maxLength: 12 }),
      issuer: fc.string({ maxLength: 12 }),
      algorithm: fc.integer({ min: -1, max: 5 }),
      digits: fc.integer({ min: -1, max: 3 }),
      type: fc.integer({ min: -1, max: 3 }),
      counter: fc.oneof(fc.constantFrom(-1n, 0n), fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n })),
      unknown: fc.nat(),
    },
    { requiredKeys: ['secret'] },
  );
  const batch = fc.record(
    {
      version: fc.integer({ min: -1, max: 3 }),
      size: fc.integer({ min: -1, max: 4 }),
      index: fc.integer({ min: -1, max: 4 }),
      id: fc.integer(),
    },
    { requiredKeys: [] },
  );
  type Entry = typeof entry extends fc.Arbitrary<infer T> ? T : never;
  function encode(entries: Entry[], b: { version?: number; size?: number; index?: number; id?: number }) {
    const w = new BinaryWriter();
    for (const e of entries) {
      const x = new BinaryWriter();
      x.tag(1, WireType.LengthDelimited).bytes(e.secret);
      if (e.name !== undefined) x.tag(2, WireType.LengthDelimited).string(e.name);
      if (e.issuer !== undefined) x.tag(3, WireType.LengthDelimited).string(e.issuer);
      if (e.algorithm !== undefined) x.tag(4, WireType.Varint).int32(e.algorithm);
      if (e.digits !== undefined) x.tag(5, WireType.Varint).int32(e.digits);
      if (e.type !== undefined) x.tag(6, WireType.Varint).int32(e.type);
      if (e.counter !== undefined) x.tag(7, WireType.Varint).int64(e.counter);
      if (e.unknown !== undefined) x.tag(15, WireType.Varint).uint32(e.unknown);
      w.tag(1, WireType.LengthDelimited).bytes(x.finish());
    }
    if (b.version !== undefined) w.tag(2, WireType.Varint).int32(b.version);
    if (b.size !== undefined) w.tag(3, WireType.Varint).int32(b.size);
    if (b.index !== undefined) w.tag(4, WireType.Varint).int32(b.index);
    if (b.id !== undefined) w.tag(5, WireType.Varint).int32(b.id);
    return `otpauth-migration://offline?data=${encodeURIComponent(Buffer.from(w.finish()).toString('base64'))}`;
  }
  /** The decoder's rules written again, independently: which entries become accounts. */
  function importable(e: Entry): boolean {
    const type = e.type ?? 0;
    return (
      e.secret.length > 0 &&
      [0, 1, 2, 3].includes(e.algorithm ?? 0) &&
      [0, 1, 2].includes(e.digits ?? 0) &&
      [0, 1, 2].includes(type) &&
      !(type === 1 && (e.counter ?? 0n) < 0n)
    );
  }

  it('every entry is an account or a listed error as the rules say; an impossible batch is a UriError', () => {
    const seen = { accounts: 0, errors: 0, refused: 0 };
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 4 }), batch, (entries, b) => {
        const size = b.size ?? 1;
        const index = b.index ?? 0;
        let decoded: ReturnType<typeof decodeMigrationUri>;
        try {
          decoded = decodeMigrationUri(encode(entries, b));
        } catch (e) {
          expect(e).toBeInstanceOf(UriError);
          // Nothing to encode (no entry, no batch field) is a link without data, not a damaged payload.
          const empty = entries.length === 0 && Object.values(b).every((v) => v === undefined);
          expect((e as UriError).code).toBe(empty ? 'bad-migration-data' : 'bad-migration-payload');
          if (!empty) expect(size < 1 || index < 0 || index >= size).toBe(true);
          seen.refused++;
          return;
        }
        expect(size >= 1 && index >= 0 && index < size).toBe(true);
        expect(decoded.batch).toEqual({ version: b.version ?? 0, size, index, id: b.id ?? 0 });
        const good = entries.filter(importable);
        expect(decoded.accounts.map((a) => [a.kind, a.secret])).toEqual(
          good.map((e) => [e.type === 1 ? 'hotp' : 'totp', e.secret]),
        );
        expect(decoded.errors.map((e) => e.index)).toEqual(entries.flatMap((e, i) => (importable(e) ? [] : [i])));
        seen.accounts += decoded.accounts.length;
        seen.errors += decoded.errors.length;
      }),
      { numRuns: 1000 },
    );
    // The runs reached each of the decoder's outcomes, not only the wire reader's.
    expect(seen.accounts).toBeGreaterThan(0);
    expect(seen.errors).toBeGreaterThan(0);
    expect(seen.refused).toBeGreaterThan(0);
  });
});

describe('batch progress', () => {
  it('says how many codes are scanned and which are missing', () => {
    let p = trackBatch(undefined, { version: 1, size: 3, index: 1, id: 5 });
    expect(describeBatch(p).english).toBe('1 of 3 codes scanned; still to scan: 1, 3.');
    p = trackBatch(p, { version: 1, size: 3, index: 0, id: 5 });
    p = trackBatch(p, { version: 1, size: 3, index: 0, id: 5 });
    expect(describeBatch(p).english).toBe('2 of 3 codes scanned; still to scan: 3.');
    p = trackBatch(p, { version: 1, size: 3, index: 2, id: 5 });
    expect(describeBatch(p).english).toBe('3 of 3 codes scanned.');
  });
  it('a code from another export starts over', () => {
    const p = trackBatch(trackBatch(undefined, { version: 1, size: 2, index: 0, id: 5 }), {
      version: 1,
      size: 2,
      index: 1,
      id: 6,
    });
    expect(p).toEqual({ id: 6, size: 2, scanned: [1] });
  });
});

describe('transfer codes stay scannable', () => {
  it('puts fewer accounts in a code when long names and secrets would overflow it', () => {
    const long = (i: number) => ({
      kind: 'totp' as const,
      secret: new Uint8Array(64).fill(i + 1),
      issuer: `A very long issuer name number ${i} `.padEnd(80, 'x'),
      account: `someone.with.a.long.address.${i}@example.com`.padEnd(80, 'y'),
      algorithm: 'SHA1' as const,
      digits: 6,
      period: 30,
    });
    const accounts = Array.from({ length: 10 }, (_, i) => long(i));
    const { uris } = encodeMigrationUris(accounts, { batchId: 5 });
    expect(uris.length).toBeGreaterThan(1);
    for (const uri of uris) expect(uri.length).toBeLessThanOrEqual(2_000);
    const decoded = uris.map((u) => decodeMigrationUri(u));
    expect(decoded.flatMap((d) => d.accounts.map((a) => a.issuer))).toEqual(accounts.map((a) => a.issuer));
    expect(decoded.map((d) => [d.batch.index, d.batch.size])).toEqual(uris.map((_, i) => [i, uris.length]));
  });
});
