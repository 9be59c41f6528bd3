import fc from 'fast-check';
import { zlibSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, MAX_FILE_BYTES, packBody, unpackBody } from '../../../lib/sync/body';
import { SyncError } from '../../../lib/sync/errors';

function failure(f: () => unknown): SyncError {
  try {
    f();
  } catch (e) {
    if (e instanceof SyncError) return e;
    throw e;
  }
  throw new Error('did not fail');
}
const codeOf = (f: () => unknown) => failure(f).code;

const json = (s: string) => new TextEncoder().encode(s);
const withLen = (stream: Uint8Array, padTo = 1) => {
  const body = new Uint8Array(Math.ceil((4 + stream.length) / padTo) * padTo);
  new DataView(body.buffer).setUint32(0, stream.length, false);
  body.set(stream, 4);
  return body;
};

/**
 * A zlib stream (RFC 1950) of one fixed-Huffman deflate block (RFC 1951 §3.2.6) that writes a zero byte and then
 * `matches` copies of "258 bytes from distance 1": 13 bits per 258 zeros, so a few hundred KiB inflate past 64 MiB.
 * `complete` adds the end-of-block code and the Adler-32 trailer; without it the stream stops in mid-block.
 */
function zeroBomb(matches: number, complete: boolean): Uint8Array {
  const out: number[] = [0x78, 0x01];
  let acc = 0;
  let n = 0;
  const bits = (value: number, count: number) => {
    for (let i = 0; i < count; i++) {
      acc |= ((value >> i) & 1) << n;
      if (++n === 8) {
        out.push(acc);
        acc = 0;
        n = 0;
      }
    }
  };
  // Huffman codes go most significant bit first (RFC 1951 §3.1.1).
  const code = (value: number, count: number) => {
    for (let i = count - 1; i >= 0; i--) bits((value >> i) & 1, 1);
  };
  bits(1, 1); // BFINAL
  bits(1, 2); // BTYPE 01: fixed Huffman codes
  code(0x30, 8); // literal 0
  for (let i = 0; i < matches; i++) {
    code(0xc5, 8); // length code 285: 258 bytes, no extra bits
    code(0, 5); // distance code 0: distance 1
  }
  if (complete) {
    code(0, 7); // end of block (256)
    if (n > 0) out.push(acc);
    const total = 1 + matches * 258;
    // Adler-32 of zeros: a stays 1, b adds 1 per byte.
    const b = total % 65521;
    out.push((b >> 8) & 0xff, b & 0xff, 0, 1);
  } else if (n > 0) out.push(acc);
  return Uint8Array.from(out);
}

describe('sync file body', () => {
  it('round-trips any bytes, padded with zeros to a multiple of the pad size', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 20_000 }), fc.constantFrom(1, 512, 4096), (bytes, padTo) => {
        const body = packBody(bytes, padTo);
        expect(body.length % padTo).toBe(0);
        const len = new DataView(body.buffer).getUint32(0, false);
        expect(body.subarray(4 + len).every((b) => b === 0)).toBe(true);
        expect(unpackBody(body)).toEqual(bytes);
      }),
      { numRuns: 60 },
    );
  });

  it('makes bodies of similar states the same size (4096 bytes) so the size hides small differences', () => {
    const one = packBody(json(JSON.stringify({ accounts: ['a'] })), 4096);
    const five = packBody(json(JSON.stringify({ accounts: ['a', 'b', 'c', 'd', 'e'] })), 4096);
    expect(one.length).toBe(4096);
    expect(five.length).toBe(4096);
  });

  it('compresses: repetitive JSON becomes much smaller', () => {
    const big = json(JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ issuer: 'GitHub', order: i }))));
    expect(packBody(big, 1).length).toBeLessThan(big.length / 4);
  });

  it('is the zlib format CompressionStream("deflate") writes and DecompressionStream("deflate") reads', async () => {
    const text = json(JSON.stringify({ hello: 'world', n: Array.from({ length: 500 }, (_, i) => i) }));
    const viaStream = new Uint8Array(
      await new Response(new Blob([text]).stream().pipeThrough(new CompressionStream('deflate'))).arrayBuffer(),
    );
    expect(unpackBody(withLen(viaStream, 4096))).toEqual(text);
    const body = packBody(text, 4096);
    const len = new DataView(body.buffer).getUint32(0, false);
    const back = new Uint8Array(
      await new Response(
        new Blob([body.slice(4, 4 + len) as Uint8Array<ArrayBuffer>])
          .stream()
          .pipeThrough(new DecompressionStream('deflate')),
      ).arrayBuffer(),
    );
    expect(back).toEqual(text);
  });

  it('refuses a body cut short: shorter than its length prefix, or a stream that stops early', () => {
    const body = packBody(json('x'.repeat(10_000) + Math.random()), 1);
    const e = failure(() => unpackBody(body.subarray(0, body.length - 3)));
    expect(e.code).toBe('malformed-file');
    expect(e.message).toMatch(/cut short/);
    expect(codeOf(() => unpackBody(body.subarray(0, 2)))).toBe('malformed-file');
    const len = new DataView(body.buffer).getUint32(0, false);
    // A consistent prefix over a stream missing its last bytes.
    expect(codeOf(() => unpackBody(withLen(body.subarray(4, 4 + len - 6))))).toBe('malformed-file');
  });

  it('refuses non-zero padding, a bad zlib header, a wrong checksum and garbage', () => {
    const body = packBody(json('{"a":1}'), 64);
    const padded = body.slice();
    padded[padded.length - 1] = 1;
    expect(codeOf(() => unpackBody(padded))).toBe('malformed-file');
    const header = body.slice();
    header[4] = 0x79; // CM = 9
    expect(codeOf(() => unpackBody(header))).toBe('malformed-file');
    const len = new DataView(body.buffer).getUint32(0, false);
    const sum = body.slice();
    sum[4 + len - 1] = (sum[4 + len - 1] as number) ^ 1;
    expect(codeOf(() => unpackBody(sum))).toBe('malformed-file');
    const dict = withLen(Uint8Array.from([0x78, 0xbb, 0, 0, 0, 0, 0, 0, 0, 0]));
    expect(codeOf(() => unpackBody(dict))).toBe('malformed-file');
    expect(codeOf(() => unpackBody(withLen(Uint8Array.from([0x78, 0x01, 0xff, 0xff, 0xff, 0, 0, 0, 0]))))).toBe(
      'malformed-file',
    );
    expect(codeOf(() => unpackBody(new Uint8Array(4)))).toBe('malformed-file');
  });

  it('refuses a body over 16 MiB before inflating it', () => {
    const big = new Uint8Array(MAX_FILE_BYTES + 1);
    big.set(packBody(json('{}'), 1));
    const e = failure(() => unpackBody(big));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/at most 16 MiB/);
  });

  it('refuses a zip bomb (a few hundred KiB inflating past 64 MiB) as soon as its output passes the cap', () => {
    // Four times the cap's worth of matches, then nothing (no end of block, no checksum). Inflating it whole would
    // first produce 256 MiB and then fail as cut short; stopping at the cap never reaches the cut.
    const bomb = zeroBomb(4 * Math.ceil(MAX_BODY_BYTES / 258), false);
    expect(bomb.length).toBeLessThan(2 * 1024 * 1024);
    const e = failure(() => unpackBody(withLen(bomb)));
    expect(e.code).toBe('too-large');
    expect(e.message).toMatch(/more than 64 MiB/);
    // The same stream, short of the cap, is cut short; and complete, it is a valid body: the cap refused the bomb.
    expect(codeOf(() => unpackBody(withLen(zeroBomb(1000, false))))).toBe('malformed-file');
    expect(unpackBody(withLen(zeroBomb(1000, true)))).toEqual(new Uint8Array(1 + 1000 * 258));
  });

  it('reads a body fflate compressed with other settings (any valid zlib stream)', () => {
    const text = json('{"a":"'.concat('y'.repeat(5000), '"}'));
    for (const level of [0, 1, 6] as const) expect(unpackBody(withLen(zlibSync(text, { level })))).toEqual(text);
  });
});
