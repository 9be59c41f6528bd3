import { Gunzip } from 'fflate';
import { argon2d, argon2id } from 'hash-wasm';
import kdbxweb from 'kdbxweb';
import en from '../../../locales/en/importkeepass.json';
import { textsOf } from '../../i18n/text';
import { checkArgon2, LimitError } from '../../limits';
import { asImportError, formatBytes } from '../crypto';
import { text as importText, plain } from '../text';
import { ImportError, type KdfCost } from '../types';
import { twofishCbcDecrypt } from './keepass-twofish';

/*
 * The KDBX container (KeePass 2.x, KeePassXC), read with kdbxweb (docs/dependencies.md). This file decides, from
 * the plain header alone (no password), what the database costs and whether Twofold can open it at all, so every
 * refusal comes before a key is derived. Header layout: KeePass's KdbxFile.Read.cs (KeePass 2.x source,
 * keepass.info) and kdbxweb's lib/format/kdbx-header.ts (keeweb/kdbxweb, v2.1.1): signature 9AA2D903 B54BFB67
 * (KeePass 1.x .kdb: B54BFB65), then the minor and major version (3.1 or 4.0/4.1), then typed fields. KDBX 3.1 derives
 * its key with AES-KDF only (TransformRounds field); KDBX 4 names its KDF in a variant dictionary (AES-KDF, Argon2d,
 * Argon2id with memory in bytes, iterations, parallelism, version 0x13).
 */

export const kt = textsOf(en);
export const WHAT = kt('importkeepass_kind');

const SIG1 = 0x9aa2d903;
const SIG2_KDBX = 0xb54bfb67;
const SIG2_KDB = 0xb54bfb65;

/** Cipher UUIDs (base64, as kdbxweb's KdbxUuid prints them). */
const CIPHERS: Record<string, 'aes' | 'chacha20'> = {
  [kdbxweb.Consts.CipherId.Aes]: 'aes',
  [kdbxweb.Consts.CipherId.ChaCha20]: 'chacha20',
};
/** ad68f29f-576f-4bb9-a36a-d47af965346c, the TwofishCipher plugin's (Stratum's KeePassBackupConverter.cs lists it). */
const TWOFISH_B64 = 'rWjyn1dvS7mjatR6+WU0bA==';

/**
 * AES-KDF rounds Twofold runs. kdbxweb runs them as WebCrypto AES-CBC over zero blocks, about 10 million a second on
 * the 2-core test machine; KeePassXC 2.7.4's `db-create --decryption-time 1000` picks about 50 million there, and
 * KeePass 2's "1 second delay" button the same order. 200 million is some 20 s: beyond it a file holds the worker
 * for minutes (a crafted header may ask for 2^64).
 */
export const AES_KDF_MAX_ROUNDS = 200_000_000;

export type KdbxKdf =
  | { kind: 'aes'; rounds: number }
  | { kind: 'argon2d' | 'argon2id'; memoryKiB: number; iterations: number; parallelism: number; version: number };

export interface KdbxInfo {
  /** "4.0", "3.1" */
  version: string;
  cipher: 'aes' | 'chacha20' | 'twofish' | 'unknown';
  /** The cipher's UUID as the header has it, for the message when it is unknown. */
  cipherId: string;
  /** Undefined when the KDF is one Twofold does not know (`kdfId` says which). */
  kdf?: KdbxKdf;
  kdfId?: string;
  /** Bytes after the header (KDBX 3.1: the AES-CBC ciphertext, so a whole number of blocks unless cut short). */
  payloadBytes: number;
}

function u32(bytes: Uint8Array, at: number): number {
  return (
    ((bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 3] ?? 0) << 24)) >>> 0
  );
}

/** A KeePass 2 database (any version) by its 8-byte signature. */
export function isKdbx(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && u32(bytes, 0) === SIG1 && u32(bytes, 4) === SIG2_KDBX;
}

/** A KeePass 1.x `.kdb` database. */
export function isKdb1(bytes: Uint8Array): boolean {
  return bytes.length >= 8 && u32(bytes, 0) === SIG1 && u32(bytes, 4) === SIG2_KDB;
}

function copy(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

function damaged(why: string): ImportError {
  return new ImportError('damaged', kt('importkeepass_damaged', plain(why)));
}

/** A number from a KDBX 4 variant dictionary (UInt32, UInt64 as kdbxweb's Int64); undefined otherwise. */
function num(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (value instanceof kdbxweb.Int64) {
    // Past 2^53 kdbxweb throws: such a value is absurd anyway, so it reads as infinite and is capped.
    return value.hi >= 0x200000 ? Number.POSITIVE_INFINITY : value.hi * 0x100000000 + value.lo;
  }
  return undefined;
}

function kdfOf(header: InstanceType<typeof kdbxweb.KdbxHeader>): { kdf?: KdbxKdf; kdfId?: string } {
  if (header.versionMajor < 4) return { kdf: { kind: 'aes', rounds: header.keyEncryptionRounds ?? 0 } };
  const params = header.kdfParameters;
  const uuid = params?.get('$UUID');
  if (!(uuid instanceof ArrayBuffer)) throw damaged('no KDF');
  const id = kdbxweb.ByteUtils.bytesToBase64(uuid);
  if (id === kdbxweb.Consts.KdfId.Aes) return { kdf: { kind: 'aes', rounds: num(params?.get('R')) ?? 0 } };
  if (id === kdbxweb.Consts.KdfId.Argon2d || id === kdbxweb.Consts.KdfId.Argon2id) {
    const memory = num(params?.get('M')) ?? 0;
    return {
      kdf: {
        kind: id === kdbxweb.Consts.KdfId.Argon2d ? 'argon2d' : 'argon2id',
        memoryKiB: memory / 1024,
        iterations: num(params?.get('I')) ?? 0,
        parallelism: num(params?.get('P')) ?? 0,
        version: num(params?.get('V')) ?? 0,
      },
    };
  }
  return { kdfId: id };
}

/** Reads the plain header. Throws `damaged` / `newer-version` / `unsupported` ImportErrors only. */
export function readKdbxInfo(bytes: Uint8Array): KdbxInfo {
  if (isKdb1(bytes)) throw new ImportError('unsupported', kt('importkeepass_kdb1'));
  if (!isKdbx(bytes)) throw damaged('signature');
  const major = bytes.length >= 12 ? (bytes[10] ?? 0) | ((bytes[11] ?? 0) << 8) : 0;
  const minor = bytes.length >= 12 ? (bytes[8] ?? 0) | ((bytes[9] ?? 0) << 8) : 0;
  if (major > 4) throw new ImportError('newer-version', kt('importkeepass_newer', `${major}.${minor}`));
  let header: InstanceType<typeof kdbxweb.KdbxHeader>;
  try {
    // The context is only used for the binaries of KDBX 4's inner header, which is not read here.
    const ctx = new kdbxweb.KdbxContext({ kdbx: undefined as unknown as InstanceType<typeof kdbxweb.Kdbx> });
    header = kdbxweb.KdbxHeader.read(new kdbxweb.BinaryStream(copy(bytes)), ctx);
  } catch (e) {
    throw fromKdbxError(e);
  }
  const cipherId = header.dataCipherUuid?.toString() ?? '';
  const cipher = cipherId === TWOFISH_B64 ? 'twofish' : (CIPHERS[cipherId] ?? 'unknown');
  const payloadBytes = bytes.length - (header.endPos ?? bytes.length);
  return { version: `${header.versionMajor}.${header.versionMinor}`, cipher, cipherId, payloadBytes, ...kdfOf(header) };
}

/** What the derivation costs, for the import panel before it starts. */
export function kdfCost(kdf: KdbxKdf): KdfCost {
  if (kdf.kind === 'aes') return { algorithm: 'aes-kdf', memoryBytes: 0, iterations: kdf.rounds };
  return { algorithm: kdf.kind, memoryBytes: kdf.memoryKiB * 1024, iterations: kdf.iterations };
}

/**
 * Refuses what cannot or must not be opened, before any password is asked for or key derived: unknown ciphers,
 * unknown KDFs, Argon2 1.0, and costs over the caps of lib/limits.ts (Argon2's memory and work,
 * {@link AES_KDF_MAX_ROUNDS}).
 */
export function checkOpenable(info: KdbxInfo): KdbxKdf {
  if (info.cipher === 'unknown')
    throw new ImportError('unsupported', kt('importkeepass_cipher_unknown', info.cipherId));
  // KDBX 3.1 has no header MAC: a cut AES payload would otherwise fail its padding and read as a wrong password.
  if (
    info.version.startsWith('3.') &&
    info.cipher === 'aes' &&
    (info.payloadBytes < 32 || info.payloadBytes % 16 !== 0)
  )
    throw damaged('cut short');
  const kdf = info.kdf;
  if (!kdf) throw new ImportError('unsupported', kt('importkeepass_kdf_unknown', info.kdfId ?? '?'));
  if (kdf.kind === 'aes') {
    if (!Number.isFinite(kdf.rounds) || kdf.rounds < 1) throw damaged('AES-KDF rounds');
    if (kdf.rounds > AES_KDF_MAX_ROUNDS)
      throw new ImportError(
        'unsupported',
        kt('importkeepass_aes_rounds', Math.min(kdf.rounds, Number.MAX_SAFE_INTEGER), AES_KDF_MAX_ROUNDS),
      );
    return kdf;
  }
  const { memoryKiB, iterations, parallelism, version } = kdf;
  if (version === 0x10) throw new ImportError('unsupported', kt('importkeepass_argon2_v10'));
  if (
    version !== 0x13 ||
    !Number.isInteger(memoryKiB) ||
    iterations < 1 ||
    parallelism < 1 ||
    parallelism > 0xffffff ||
    memoryKiB < 8 * parallelism
  )
    throw new ImportError(
      'damaged',
      kt('importkeepass_kdf_unusable', `Argon2 m=${memoryKiB} KiB t=${iterations} p=${parallelism} v=${version}`),
    ); // i18n-ignore: parameters
  try {
    checkArgon2(memoryKiB, iterations);
  } catch (e) {
    throw e instanceof LimitError ? asImportError(e) : e;
  }
  return kdf;
}

/**
 * kdbxweb's Argon2 hook, served by hash-wasm (the WebAssembly Argon2 lib/import/crypto.ts uses). The caps are checked
 * again here, on the exact parameters kdbxweb passes, so nothing reaches the derivation unchecked.
 */
async function argon2Impl(
  password: ArrayBuffer,
  salt: ArrayBuffer,
  memoryKiB: number,
  iterations: number,
  length: number,
  parallelism: number,
  type: 0 | 2,
  version: number,
): Promise<ArrayBuffer> {
  if (version !== 0x13) throw new ImportError('unsupported', kt('importkeepass_argon2_v10'));
  try {
    checkArgon2(memoryKiB, iterations);
  } catch (e) {
    throw e instanceof LimitError ? asImportError(e) : e;
  }
  const run = type === 0 ? argon2d : argon2id;
  try {
    const out = await run({
      password: new Uint8Array(password),
      salt: new Uint8Array(salt),
      iterations,
      memorySize: memoryKiB,
      parallelism,
      hashLength: length,
      outputType: 'binary',
    });
    return copy(out);
  } catch (e) {
    if (e instanceof RangeError || /memory/i.test(String((e as Error)?.message)))
      throw new ImportError('out-of-memory', importText('import_argon2_memory', formatBytes(memoryKiB * 1024)), {
        cause: e,
      });
    throw e;
  }
}

kdbxweb.CryptoEngine.setArgon2Impl(argon2Impl);

/*
 * Twofish, which kdbxweb does not have: its payload decryption (KdbxFormat's decryptData, the one place that switches on
 * the cipher UUID for both KDBX 3.1 and 4) is given a Twofish-CBC branch (keepass-twofish.ts). Everything around it,
 * the key derivation, KDBX 4's HMAC blocks and KDBX 3.1's start bytes, stays kdbxweb's. Bad padding is a wrong key,
 * as for AES.
 */
type Decrypt = (data: ArrayBuffer, cipherKey: ArrayBuffer) => Promise<ArrayBuffer>;
const format = kdbxweb.KdbxFormat.prototype as unknown as { decryptData: Decrypt };
const decryptData = format.decryptData;
function decryptPayload(this: { kdbx: InstanceType<typeof kdbxweb.Kdbx> }, data: ArrayBuffer, cipherKey: ArrayBuffer) {
  const { header } = this.kdbx;
  if (header.dataCipherUuid?.toString() !== TWOFISH_B64) return decryptData.call(this, data, cipherKey);
  const iv = header.encryptionIV;
  const plain = iv && twofishCbcDecrypt(new Uint8Array(cipherKey), new Uint8Array(iv), new Uint8Array(data));
  if (!plain) return Promise.reject(new kdbxweb.KdbxError(kdbxweb.Consts.ErrorCodes.InvalidKey));
  return Promise.resolve(copy(plain));
}

/*
 * The payload is gzip: kdbxweb inflates it whole with no limit, so a 50 KB database can ask for gigabytes. Before it
 * does, the same bytes are inflated here as a stream that only counts and stops at a cap; the XML of a real database
 * of thousands of entries is a few MiB. KDBX 4 decrypts to the gzip stream itself; KDBX 3.1 to 32 start bytes and
 * hashed blocks ([index u32][SHA-256 32 B][size u32][data]) whose data is the gzip stream (KeePass's
 * HashedBlockStream.cs; kdbxweb's hashed-block-transform).
 */
export const MAX_INFLATED_BYTES = 64 * 2 ** 20;

export function checkInflatedSize(gzip: Uint8Array, cap = MAX_INFLATED_BYTES): void {
  let total = 0;
  const tooLarge = new ImportError('too-large', kt('importkeepass_inflated_too_large', formatBytes(cap)));
  const stream = new Gunzip((chunk) => {
    total += chunk.length;
    if (total > cap) throw tooLarge;
  });
  try {
    stream.push(gzip, true);
  } catch (e) {
    if (e === tooLarge) throw e;
    // A damaged stream is kdbxweb's to report, with its own words, when it inflates.
  }
}

function gzipOfV3(plain: Uint8Array): Uint8Array {
  const view = new DataView(plain.buffer, plain.byteOffset, plain.byteLength);
  const parts: Uint8Array[] = [];
  let at = 32;
  while (at + 40 <= plain.length) {
    const size = view.getUint32(at + 36, true);
    at += 40;
    if (size === 0 || at + size > plain.length) break;
    parts.push(plain.subarray(at, at + size));
    at += size;
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

format.decryptData = function (this: { kdbx: InstanceType<typeof kdbxweb.Kdbx> }, data, cipherKey) {
  return decryptPayload.call(this, data, cipherKey).then((plain) => {
    const { header } = this.kdbx;
    if (header.compression === kdbxweb.Consts.CompressionAlgorithm.GZip) {
      const bytes = new Uint8Array(plain);
      checkInflatedSize(header.versionMajor >= 4 ? bytes : gzipOfV3(bytes));
    }
    return plain;
  });
};

/** kdbxweb's failures as ImportErrors: a bad key is the wrong password (or a missing key file). */
export function fromKdbxError(e: unknown): unknown {
  if (e instanceof ImportError) return e;
  if (e instanceof kdbxweb.KdbxError) {
    switch (e.code) {
      case kdbxweb.Consts.ErrorCodes.InvalidKey:
        return new ImportError('wrong-password', kt('importkeepass_wrong_password'), { cause: e });
      case kdbxweb.Consts.ErrorCodes.InvalidVersion:
        return new ImportError('newer-version', kt('importkeepass_newer', '?'), { cause: e });
      case kdbxweb.Consts.ErrorCodes.Unsupported:
        return new ImportError('unsupported', kt('importkeepass_cipher_unknown', e.message), { cause: e });
      default:
        return new ImportError('damaged', kt('importkeepass_damaged', plain(e.message)), { cause: e });
    }
  }
  return new ImportError('damaged', kt('importkeepass_damaged', plain(String((e as Error)?.message ?? e))), {
    cause: e,
  });
}

/** Opens the database with a password only (no key file). */
export async function openKdbx(bytes: Uint8Array, password: string): Promise<InstanceType<typeof kdbxweb.Kdbx>> {
  try {
    const credentials = new kdbxweb.Credentials(kdbxweb.ProtectedValue.fromString(password));
    return await kdbxweb.Kdbx.load(copy(bytes), credentials);
  } catch (e) {
    throw fromKdbxError(e);
  }
}

export type KdbxDb = InstanceType<typeof kdbxweb.Kdbx>;
export type KdbxGroup = InstanceType<typeof kdbxweb.KdbxGroup>;
export type KdbxEntry = InstanceType<typeof kdbxweb.KdbxEntry>;
export const ProtectedValue = kdbxweb.ProtectedValue;
