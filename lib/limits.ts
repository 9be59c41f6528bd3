import en from '../locales/en/caps.json';
import { TwofoldError } from './errors';
import { textsOf } from './i18n/text';

/*
 * What a file may cost Twofold (docs/import-export.md "Caps"). A backup or an export
 * chooses its own key derivation and its own sizes; without caps a crafted file within the old plausibility
 * ranges held the service worker for 31.5 s at 2 GB, and a 742 KB ZIP drove the options page to 9.9 GB.
 * Every cap is checked BEFORE the work it bounds (before deriving, before inflating, before splitting lines),
 * and each refusal is a LimitError whose code and message name the parameter and the cap.
 *
 * Costs measured in Node on the 2-core test machine (docs/import-export.md "Caps" has the table): scrypt
 * N=2^17 r=8 p=1 (Twofold's own backups) 0.9 s; Argon2id 256 MiB, one pass 1.1 s; PBKDF2-SHA-256 1 000 000 0.2 s.
 */

export type LimitCode =
  /** scrypt's table, 128·N·r bytes (RFC 7914 §5), over {@link SCRYPT_MAX_MEMORY}. */
  | 'scrypt-memory'
  /** scrypt's work N·r·p over {@link SCRYPT_MAX_WORK}. */
  | 'scrypt-work'
  /** Argon2's memory over {@link ARGON2_MAX_MEMORY}. */
  | 'argon2-memory'
  /** Argon2's work m·t over {@link ARGON2_MAX_WORK_KIB}. */
  | 'argon2-work'
  /** PBKDF2 iterations over {@link PBKDF2_MAX_ITERATIONS}. */
  | 'pbkdf2-iterations'
  /** The file itself over {@link MAX_FILE_BYTES}. */
  | 'file-too-large'
  /** A ZIP with more than {@link ZIP_MAX_ENTRIES} entries. */
  | 'zip-entries'
  /** One ZIP entry, declared or as inflated, over {@link ZIP_MAX_ENTRY_BYTES}. */
  | 'zip-entry-size'
  /** All ZIP entries read, declared or as inflated, over {@link ZIP_MAX_UNPACKED_BYTES}. */
  | 'zip-unpacked-size'
  /** A text file with more than {@link MAX_LINES} lines. */
  | 'too-many-lines'
  /** A file listing more than {@link MAX_ENTRIES} accounts. */
  | 'too-many-entries'
  /** More than {@link MAX_PASSWORD_SLOTS} password slots, none of the first of which opened. */
  | 'too-many-slots';

/** A cap was hit; `text` names the parameter, the file's value and the cap. */
export class LimitError extends TwofoldError<LimitCode> {}

const text = textsOf(en);
const MiB = 2 ** 20;

/** scrypt memory: 128·N·r bytes (RFC 7914 §5, the V array). Twofold's own backups use 128 MiB. */
export const SCRYPT_MAX_MEMORY = 256 * MiB;
/**
 * scrypt work: N·r·p (each unit one Salsa20/8 block mix of 128 bytes, twice). 2^22 is four times Twofold's own
 * backups (2^17·8·1) and sixteen times Aegis (2^15·8·1): about 3.6 s here.
 */
export const SCRYPT_MAX_WORK = 2 ** 22;
/** Argon2 memory: Ente Auth and Bitwarden write at most 1 GiB. */
export const ARGON2_MAX_MEMORY = 1024 * MiB;
/**
 * Argon2 work: memory (KiB) × passes. Lanes are not a factor: `m` is the total over all lanes (RFC 9106 §3.1),
 * and the derivation here runs them one after another. 4 GiB·passes is exactly what Ente Auth writes
 * (1 GiB × 4, or 256 MiB × 16 on a smaller phone), its own default and the most costly file a real app
 * makes: 7.5 s in Node; everything else readers meet (Bitwarden 64 MiB × 3) is far below.
 */
export const ARGON2_MAX_WORK_KIB = 4 * 2 ** 20;
/** PBKDF2: Bitwarden's own maximum (2 000 000); 2FAS writes 10 000, andOTP about 150 000. Under 0.5 s. */
export const PBKDF2_MAX_ITERATIONS = 2_000_000;

/** Any file handed to import or restore: no real export is near it. */
export const MAX_FILE_BYTES = 32 * MiB;
/** WinAuth and Authenticator Plus ZIPs hold one text file; a few more for folders and macOS litter. */
export const ZIP_MAX_ENTRIES = 256;
/** A URI list of thousands of accounts is well under 1 MiB. */
export const ZIP_MAX_ENTRY_BYTES = 4 * MiB;
/** All entries read from one ZIP together. */
export const ZIP_MAX_UNPACKED_BYTES = 8 * MiB;
/** Lines of a text export (URI lists, CSV): counted before the text is split. */
export const MAX_LINES = 20_000;
/** Accounts in one file: as many as the options page sends on for review in one request. */
export const MAX_ENTRIES = 10_000;
/** Entries that could not be imported, listed one by one; the rest are counted in one last line. */
export const MAX_PROBLEMS_LISTED = 100;
/** Aegis password slots tried with one password (Aegis itself adds one per password change). */
export const MAX_PASSWORD_SLOTS = 16;

const mib = (bytes: number) => Math.round(bytes / MiB);

/** Refuses scrypt parameters over the memory or work cap, before any derivation. */
export function checkScrypt(N: number, r: number, p: number): void {
  const memory = 128 * N * r;
  if (memory > SCRYPT_MAX_MEMORY)
    throw new LimitError(
      'scrypt-memory',
      text('caps_scrypt_memory', String(N), String(r), mib(memory), mib(SCRYPT_MAX_MEMORY)),
    );
  if (N * r * p > SCRYPT_MAX_WORK)
    throw new LimitError(
      'scrypt-work',
      text('caps_scrypt_work', String(N), String(r), String(p), String(N * r * p), String(SCRYPT_MAX_WORK)),
    );
}

/** Refuses Argon2 parameters (memory in KiB, passes) over the memory or work cap, before any derivation. */
export function checkArgon2(memoryKiB: number, passes: number): void {
  if (memoryKiB * 1024 > ARGON2_MAX_MEMORY)
    throw new LimitError('argon2-memory', text('caps_argon2_memory', mib(memoryKiB * 1024), mib(ARGON2_MAX_MEMORY)));
  if (memoryKiB * passes > ARGON2_MAX_WORK_KIB)
    throw new LimitError(
      'argon2-work',
      text('caps_argon2_work', mib(memoryKiB * 1024), passes, mib(ARGON2_MAX_WORK_KIB * 1024)),
    );
}

export function checkPbkdf2(iterations: number): void {
  if (iterations > PBKDF2_MAX_ITERATIONS)
    throw new LimitError('pbkdf2-iterations', text('caps_pbkdf2_iterations', iterations, PBKDF2_MAX_ITERATIONS));
}

export function checkFileSize(bytes: number): void {
  if (bytes > MAX_FILE_BYTES)
    throw new LimitError('file-too-large', text('caps_file_too_large', mib(bytes), mib(MAX_FILE_BYTES)));
}

export function checkZipEntryCount(count: number): void {
  if (count > ZIP_MAX_ENTRIES) throw new LimitError('zip-entries', text('caps_zip_entries', count, ZIP_MAX_ENTRIES));
}

export function zipEntryTooLarge(name: string, bytes: number): LimitError {
  return new LimitError('zip-entry-size', text('caps_zip_entry_size', name, mib(bytes), mib(ZIP_MAX_ENTRY_BYTES)));
}

export function zipUnpackedTooLarge(bytes: number): LimitError {
  return new LimitError('zip-unpacked-size', text('caps_zip_unpacked', mib(bytes), mib(ZIP_MAX_UNPACKED_BYTES)));
}

/** Refuses a text of more than {@link MAX_LINES} lines, counting line breaks without splitting anything. */
export function checkLineCount(value: string): void {
  let lines = 1;
  for (let i = value.indexOf('\n'); i >= 0; i = value.indexOf('\n', i + 1)) {
    if (++lines > MAX_LINES) throw new LimitError('too-many-lines', text('caps_too_many_lines', MAX_LINES));
  }
  // Old Mac files break lines with CR alone.
  if (lines === 1)
    for (let i = value.indexOf('\r'); i >= 0; i = value.indexOf('\r', i + 1)) {
      if (++lines > MAX_LINES) throw new LimitError('too-many-lines', text('caps_too_many_lines', MAX_LINES));
    }
}

export function checkEntryCount(count: number): void {
  if (count > MAX_ENTRIES) throw new LimitError('too-many-entries', text('caps_too_many_entries', count, MAX_ENTRIES));
}

export function tooManySlots(tried: number, total: number): LimitError {
  return new LimitError('too-many-slots', text('caps_too_many_slots', tried, total));
}

/** The last line of a capped problem list: "…and 1 234 more entries could not be imported". */
export const moreProblems = (count: number) => text('caps_more_problems', count);
