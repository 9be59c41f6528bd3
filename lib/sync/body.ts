import { Unzlib, zlibSync } from 'fflate';
import en from '../../locales/en/syncfile.json';
import { textsOf } from '../i18n/text';
import { SyncError } from './errors';

/*
 * A sync file's body (docs/sync-format.md "The device file"): `len ‖ zlib(JSON) ‖ zero padding`, `len` the
 * compressed length as 4 bytes big-endian, the whole a multiple of `padTo` so the size tells the server the number
 * of accounts only roughly. zlib format (RFC 1950 around RFC 1951 deflate) is what `CompressionStream('deflate')`
 * writes; fflate makes it here so lib/ stays pure and the same code runs in Node's tests. Compressed before it is
 * encrypted (ciphertext does not compress).
 *
 * Caps before work (docs/sync-format.md "Caps"): a body over MAX_FILE_BYTES is refused before inflating, and
 * inflating stops as soon as the output passes MAX_BODY_BYTES: the input goes to fflate's streaming decompressor in
 * small pieces, so a few KiB of crafted deflate (up to 1032:1, RFC 1951 §3.2.5: 258 bytes per 13-bit match) never
 * makes more than a few MiB past the cap, and a zip bomb is refused without its output being allocated.
 */

const text = textsOf(en);

/** The largest sync file Twofold reads (docs/sync-format.md "Caps"). */
export const MAX_FILE_BYTES = 16 * 1024 * 1024;
/** The largest decompressed body Twofold reads. */
export const MAX_BODY_BYTES = 64 * 1024 * 1024;

const LEN_BYTES = 4;
/** Input handed to the decompressor at a time: at most ~4 MiB of output each (1032:1). */
const INFLATE_STEP = 4096;
const MiB = 1024 * 1024;

/** The body of `json` padded with zeros to a multiple of `padTo` (4096 for WebDAV, 512 for browser sync). */
export function packBody(json: Uint8Array, padTo: number): Uint8Array {
  if (!Number.isSafeInteger(padTo) || padTo < 1) throw new RangeError(`padTo ${padTo}`);
  // Level 6, zlib's default: level 9 saved 0.05 % on a 1,000-account state for 30 % more time.
  const compressed = zlibSync(json, { level: 6 });
  const size = Math.ceil((LEN_BYTES + compressed.length) / padTo) * padTo;
  const body = new Uint8Array(size); // zero-filled: the padding
  new DataView(body.buffer).setUint32(0, compressed.length, false);
  body.set(compressed, LEN_BYTES);
  return body;
}

const cut = () => new SyncError('malformed-file', text('syncfile_body_cut'));
const bad = (cause?: unknown) =>
  new SyncError('malformed-file', text('syncfile_body_bad'), {}, cause === undefined ? undefined : { cause });

/** RFC 1950 §8.2's checksum, over the output as it comes. */
class Adler32 {
  private a = 1;
  private b = 0;
  update(chunk: Uint8Array): void {
    let { a, b } = this;
    // Reduced every 5552 bytes, as zlib's adler32.c (NMAX): the sums stay far inside exact double arithmetic.
    for (let i = 0; i < chunk.length; ) {
      const end = Math.min(chunk.length, i + 5552);
      for (; i < end; i++) {
        a += chunk[i] as number;
        b += a;
      }
      a %= 65521;
      b %= 65521;
    }
    this.a = a;
    this.b = b;
  }
  get value(): number {
    return ((this.b << 16) | this.a) >>> 0;
  }
}

/** The JSON bytes of a body; 'too-large' past a cap, 'malformed-file' when it is not what {@link packBody} writes. */
export function unpackBody(body: Uint8Array): Uint8Array {
  if (body.length > MAX_FILE_BYTES)
    throw new SyncError('too-large', text('syncfile_file_too_large', mib(body.length), MAX_FILE_BYTES / MiB));
  if (body.length < LEN_BYTES) throw cut();
  const len = new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(0, false);
  // The zlib header (2 bytes) and the Adler-32 trailer (4) at least.
  if (len < 6) throw bad();
  if (LEN_BYTES + len > body.length) throw cut();
  for (let i = LEN_BYTES + len; i < body.length; i++) if (body[i] !== 0) throw bad();
  const stream = body.subarray(LEN_BYTES, LEN_BYTES + len);
  // RFC 1950 §2.2: CM = 8 (deflate), a window of at most 32 KiB, no preset dictionary, and the header check. fflate's
  // streaming Unzlib skips these two bytes unread, so they are checked here.
  const cmf = stream[0] as number;
  const flg = stream[1] as number;
  if ((cmf & 0x0f) !== 8 || cmf >> 4 > 7 || (flg & 0x20) !== 0 || ((cmf << 8) | flg) % 31 !== 0) throw bad();

  const chunks: Uint8Array[] = [];
  let total = 0;
  const adler = new Adler32();
  const inflater = new Unzlib((chunk) => {
    total += chunk.length;
    // Stops the inflation from inside: fflate calls this after each piece of input, so the output is never more than
    // one piece's worth past the cap.
    if (total > MAX_BODY_BYTES) throw new SyncError('too-large', text('syncfile_body_too_large', MAX_BODY_BYTES / MiB));
    adler.update(chunk);
    chunks.push(chunk);
  });
  try {
    for (let at = 0; at < stream.length; at += INFLATE_STEP) {
      const end = Math.min(stream.length, at + INFLATE_STEP);
      inflater.push(stream.subarray(at, end), end === stream.length);
    }
  } catch (e) {
    if (e instanceof SyncError) throw e;
    // fflate's own errors: "unexpected EOF" for a stream cut short, "invalid block type" and the like for garbage.
    throw /EOF/i.test(String((e as Error)?.message)) ? cut() : bad(e);
  }
  const sum = new DataView(stream.buffer, stream.byteOffset + len - 4, 4).getUint32(0, false);
  if (sum !== adler.value) throw bad();
  const out = new Uint8Array(total);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

function mib(bytes: number): string {
  return (bytes / MiB).toFixed(1);
}
