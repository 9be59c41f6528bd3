/*
 * Twofish block decryption (B. Schneier et al., "Twofish: A 128-Bit Block Cipher", 1998, §4: the q permutations from
 * their 4-bit t-tables, the MDS matrix over GF(2^8) mod x^8+x^6+x^5+x^3+1, the RS matrix mod x^8+x^6+x^3+x^2+1, the
 * h function, the key schedule with ρ = 0x01010101, sixteen rounds with whitening), for KeePass databases encrypted with
 * the TwofishCipher plugin (CBC, as KeePass's plugin and Stratum's KeePassBackupConverter.cs use it). Written from the
 * paper; checked against the paper's test vectors (tests/unit/import/keepass.test.ts) and Stratum's Twofish database.
 * Only decryption: Twofold never writes KeePass files.
 */

const T = [
  // q0
  [
    [8, 1, 7, 13, 6, 15, 3, 2, 0, 11, 5, 9, 14, 12, 10, 4],
    [14, 12, 11, 8, 1, 2, 3, 5, 15, 4, 10, 6, 7, 0, 9, 13],
    [11, 10, 5, 14, 6, 13, 9, 0, 12, 8, 15, 3, 2, 4, 7, 1],
    [13, 7, 15, 4, 1, 2, 6, 14, 9, 11, 3, 0, 8, 5, 12, 10],
  ],
  // q1
  [
    [2, 8, 11, 13, 15, 7, 6, 14, 3, 1, 9, 4, 0, 10, 12, 5],
    [1, 14, 2, 11, 4, 12, 3, 7, 6, 13, 10, 5, 15, 9, 0, 8],
    [4, 12, 7, 5, 1, 6, 9, 10, 0, 14, 13, 8, 2, 11, 3, 15],
    [11, 9, 5, 1, 12, 3, 13, 14, 6, 4, 7, 15, 2, 0, 8, 10],
  ],
] as const;

const ror4 = (x: number) => ((x >>> 1) | (x << 3)) & 15;

function qTable(t: (typeof T)[number]): Uint8Array {
  const out = new Uint8Array(256);
  for (let x = 0; x < 256; x++) {
    const a0 = x >>> 4;
    const b0 = x & 15;
    const a1 = a0 ^ b0;
    const b1 = a0 ^ ror4(b0) ^ ((8 * a0) & 15);
    const a2 = t[0][a1] as number;
    const b2 = t[1][b1] as number;
    const a3 = a2 ^ b2;
    const b3 = a2 ^ ror4(b2) ^ ((8 * a2) & 15);
    out[x] = ((t[3][b3] as number) << 4) | (t[2][a3] as number);
  }
  return out;
}
const Q0 = qTable(T[0]);
const Q1 = qTable(T[1]);

function gfMul(a: number, b: number, poly: number): number {
  let r = 0;
  let x = a;
  for (let y = b; y > 0; y >>>= 1) {
    if (y & 1) r ^= x;
    x <<= 1;
    if (x & 0x100) x ^= poly;
  }
  return r;
}

const MDS = [
  [0x01, 0xef, 0x5b, 0x5b],
  [0x5b, 0xef, 0xef, 0x01],
  [0xef, 0x5b, 0x01, 0xef],
  [0xef, 0x01, 0xef, 0x5b],
];
const RS = [
  [0x01, 0xa4, 0x55, 0x87, 0x5a, 0x58, 0xdb, 0x9e],
  [0xa4, 0x56, 0x82, 0xf3, 0x1e, 0xc6, 0x68, 0xe5],
  [0x02, 0xa1, 0xfc, 0xc1, 0x47, 0xae, 0x3d, 0x19],
  [0xa4, 0x55, 0x87, 0x5a, 0x58, 0xdb, 0x9e, 0x03],
];

/** MDS column j times byte y, as a little-endian word. */
function mdsColumn(j: number, y: number): number {
  let w = 0;
  for (let i = 0; i < 4; i++) w |= gfMul(MDS[i]?.[j] as number, y, 0x169) << (8 * i);
  return w >>> 0;
}

const byte = (w: number, i: number) => (w >>> (8 * i)) & 0xff;
const rol = (x: number, n: number) => ((x << n) | (x >>> (32 - n))) >>> 0;
const ror = (x: number, n: number) => ((x >>> n) | (x << (32 - n))) >>> 0;

/** The byte of position j after the q-chain of h with the key words L (k = L.length). */
function hByte(j: number, x: number, L: readonly number[]): number {
  const k = L.length;
  let y = x;
  // Which q each stage uses at each byte position (the paper's figure 2, read from the last key word to the first).
  const q = (tables: Uint8Array[], x: number) => (tables[j] as Uint8Array)[x] as number;
  if (k === 4) y = q([Q1, Q0, Q0, Q1], y) ^ byte(L[3] as number, j);
  if (k >= 3) y = q([Q1, Q1, Q0, Q0], y) ^ byte(L[2] as number, j);
  y = q([Q0, Q1, Q0, Q1], y) ^ byte(L[1] as number, j);
  y = q([Q0, Q0, Q1, Q1], y) ^ byte(L[0] as number, j);
  return q([Q1, Q0, Q1, Q0], y);
}

function h(X: number, L: readonly number[]): number {
  let w = 0;
  for (let j = 0; j < 4; j++) w ^= mdsColumn(j, hByte(j, byte(X, j), L));
  return w >>> 0;
}

export interface TwofishKey {
  K: Uint32Array;
  /** g's four key-dependent S-boxes with the MDS folded in. */
  S: Uint32Array[];
}

export function twofishKey(key: Uint8Array): TwofishKey {
  if (key.length !== 16 && key.length !== 24 && key.length !== 32) throw new RangeError('Twofish key length'); // i18n-ignore: a programming error, KeePass keys are 32 bytes
  const k = key.length / 8;
  const M = Array.from(
    { length: 2 * k },
    (_, i) =>
      ((key[4 * i] as number) |
        ((key[4 * i + 1] as number) << 8) |
        ((key[4 * i + 2] as number) << 16) |
        ((key[4 * i + 3] as number) << 24)) >>>
      0,
  );
  const Me = M.filter((_, i) => i % 2 === 0);
  const Mo = M.filter((_, i) => i % 2 === 1);
  const Sv: number[] = [];
  for (let i = 0; i < k; i++) {
    let w = 0;
    for (let r = 0; r < 4; r++) {
      let s = 0;
      for (let c = 0; c < 8; c++) s ^= gfMul(RS[r]?.[c] as number, key[8 * i + c] as number, 0x14d);
      w |= s << (8 * r);
    }
    Sv.unshift(w >>> 0);
  }
  const K = new Uint32Array(40);
  const rho = 0x01010101;
  for (let i = 0; i < 20; i++) {
    const A = h(Math.imul(2 * i, rho) >>> 0, Me);
    const B = rol(h(Math.imul(2 * i + 1, rho) >>> 0, Mo), 8);
    K[2 * i] = (A + B) >>> 0;
    K[2 * i + 1] = rol((A + 2 * B) >>> 0, 9);
  }
  const S = [0, 1, 2, 3].map((j) => {
    const box = new Uint32Array(256);
    for (let x = 0; x < 256; x++) box[x] = mdsColumn(j, hByte(j, x, Sv));
    return box;
  });
  return { K, S };
}

function g(key: TwofishKey, X: number): number {
  const [s0, s1, s2, s3] = key.S as [Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  return (
    ((s0[X & 0xff] as number) ^
      (s1[(X >>> 8) & 0xff] as number) ^
      (s2[(X >>> 16) & 0xff] as number) ^
      (s3[X >>> 24] as number)) >>>
    0
  );
}

const word = (b: Uint8Array, at: number) =>
  ((b[at] as number) | ((b[at + 1] as number) << 8) | ((b[at + 2] as number) << 16) | ((b[at + 3] as number) << 24)) >>>
  0;

/** Decrypts one 16-byte block of `src` at `at` into `dst` at `at`. */
export function twofishDecryptBlock(key: TwofishKey, src: Uint8Array, at: number, dst: Uint8Array): void {
  const { K } = key;
  let r2 = word(src, at) ^ (K[4] as number);
  let r3 = word(src, at + 4) ^ (K[5] as number);
  let r0 = word(src, at + 8) ^ (K[6] as number);
  let r1 = word(src, at + 12) ^ (K[7] as number);
  for (let r = 15; r >= 0; r--) {
    // The state is (R2', R3', R0, R1) of round r: R0 and R1 are the round's inputs, unchanged.
    const t0 = g(key, r2);
    const t1 = g(key, rol(r3, 8));
    const f0 = (t0 + t1 + (K[2 * r + 8] as number)) >>> 0;
    const f1 = (t0 + 2 * t1 + (K[2 * r + 9] as number)) >>> 0;
    const o2 = rol(r0, 1) ^ f0;
    const o3 = ror((r1 ^ f1) >>> 0, 1);
    r0 = r2;
    r1 = r3;
    r2 = o2 >>> 0;
    r3 = o3 >>> 0;
  }
  const out = [r0 ^ (K[0] as number), r1 ^ (K[1] as number), r2 ^ (K[2] as number), r3 ^ (K[3] as number)];
  out.forEach((w, i) => {
    dst[at + 4 * i] = w & 0xff;
    dst[at + 4 * i + 1] = (w >>> 8) & 0xff;
    dst[at + 4 * i + 2] = (w >>> 16) & 0xff;
    dst[at + 4 * i + 3] = (w >>> 24) & 0xff;
  });
}

/**
 * Twofish-CBC decryption with PKCS#7 padding removed; undefined when the data is not whole blocks or the padding is
 * wrong (for KDBX 3.1, which has no MAC, the sign of a wrong key).
 */
export function twofishCbcDecrypt(keyBytes: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array | undefined {
  if (data.length === 0 || data.length % 16 !== 0 || iv.length !== 16) return undefined;
  const key = twofishKey(keyBytes);
  const out = new Uint8Array(data.length);
  for (let at = 0; at < data.length; at += 16) {
    twofishDecryptBlock(key, data, at, out);
    for (let i = 0; i < 16; i++)
      out[at + i] = (out[at + i] as number) ^ (at === 0 ? (iv[i] as number) : (data[at - 16 + i] as number));
  }
  const pad = out[out.length - 1] as number;
  if (pad < 1 || pad > 16) return undefined;
  for (let i = out.length - pad; i < out.length; i++) if (out[i] !== pad) return undefined;
  return out.subarray(0, out.length - pad);
}
