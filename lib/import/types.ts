import { TwofoldError } from '../errors';
import type { Text } from '../i18n/text';
import type { LimitCode } from '../limits';
import type { OtpParamName } from '../otp/carried';
import type { OtpParams } from '../otp/types';
import type { SqliteLoader } from './sqlite';

/*
 * Importing other authenticators' exports (docs/import-export.md; formats in docs/import-formats.md). Each format is
 * one module in formats/ implementing {@link Importer}; lib/import/registry.ts detects the format and
 * runs it. Bytes in, entries out: no browser APIs, the clock and randomness are never needed.
 */

export type FormatId =
  | 'twofold'
  | 'aegis'
  | '2fas'
  | 'andotp'
  | 'google-authenticator'
  | 'bitwarden'
  | 'bitwarden-csv'
  | 'ente'
  | 'freeotp-plus'
  | 'freeotp2'
  | 'proton'
  | 'proton-pass'
  | '1password'
  | '1password-csv'
  | 'raivo'
  | 'lastpass'
  | 'stratum'
  | 'authenticator-extension'
  | 'totp-authenticator'
  | 'winauth'
  | 'extract-otp-secrets'
  | 'keepass'
  | 'keepassxc-csv'
  | 'keepass-csv'
  | 'google-authenticator-db'
  | 'microsoft-authenticator'
  | 'stratum-db'
  | 'authenticator-plus-db'
  | 'app-database'
  | 'uri-list'
  | 'html-links'
  | 'freeotp'
  | 'totp-authenticator-internal'
  | 'authy'
  | 'battle-net'
  | 'steam'
  | 'duo'
  | 'authy-export';

export type ImportErrorCode =
  /** No importer recognised the file. */
  | 'unknown-format'
  /** The file is encrypted and no password was given. */
  | 'needs-password'
  | 'wrong-password'
  /** The file is recognised but broken (cut short, bad JSON inside, bad base64…). */
  | 'damaged'
  /** A variant of a known format Twofold cannot read (with why). */
  | 'unsupported'
  /** Made by a newer version of the other app than we know. */
  | 'newer-version'
  /** Bitwarden "account restricted" exports: only the Bitwarden account's key opens them. */
  | 'account-restricted'
  /** The key derivation needs more memory than the browser gave. */
  | 'out-of-memory'
  | 'too-large'
  /** A cap of lib/limits.ts (docs/import-export.md "Caps"), with the cap's own code. */
  | LimitCode;

/** A whole-file failure; its Text is what the options page shows (lib/import/text.ts). */
export class ImportError extends TwofoldError<ImportErrorCode> {
  declare readonly text: Text;
  constructor(code: ImportErrorCode, message: Text, options?: { cause?: unknown }) {
    super(code, message, options);
  }
}

/** One account read from a file, ready to be reviewed and saved. */
export interface ImportedEntry {
  params: OtpParams;
  /** The source's own note/comment for the account ('' if none). */
  notes: string;
  /** Folder, group or tag names in the source (kept as notes context; Twofold has no groups). */
  groups: string[];
  pinned: boolean;
  /** Things accepted but worth a look ("period 20 s kept", "counter taken as stored + 1"). */
  warnings: Text[];
  /** What this entry's source could say, when less than its format's {@link Importer.carries} (a migration link in a list). */
  carries?: readonly OtpParamName[];
}

/** An entry of the file that could not become an account: always listed, never skipped silently. */
export interface ImportProblem {
  /** 0-based position of the entry in the file's own list. */
  index: number;
  /** What the source calls it ("GitHub (alice)"), or "Entry 3" when it has no name. */
  label: Text;
  message: Text;
  /** True for kinds Twofold does not do (mOTP, Yandex, SHA-224…), false for a damaged entry. */
  unsupported: boolean;
}

export interface ImportResult {
  format: FormatId;
  /** "Aegis vault (encrypted)" */
  formatName: Text;
  entries: ImportedEntry[];
  problems: ImportProblem[];
  /** Remarks about the whole file ("QR code 3 of 3 of this export is missing"). */
  notices?: Text[];
  /** Names of the sibling files this read used ({@link Detection.usesSiblings}); they are not imported again. */
  consumed?: string[];
  /** The parameters the format can say ({@link Importer.carries}); the rest read as unknown. */
  carries: readonly OtpParamName[];
}

/** What a slow key derivation will cost, so the UI can say so before starting. */
export interface KdfCost {
  algorithm: 'argon2id' | 'argon2d' | 'aes-kdf' | 'scrypt' | 'pbkdf2' | 'sha256' | 'md5' | 'zipcrypto';
  /** Bytes of memory the derivation needs (0 for PBKDF2 and hashes). */
  memoryBytes: number;
  /** Iterations, or the passes of Argon2. */
  iterations: number;
}

/** Progress reports for the UI while a file is read. */
export type ImportStage =
  | { stage: 'deriving-key'; kdf: KdfCost }
  | { stage: 'decrypting' }
  | { stage: 'reading-entries'; count: number };

export interface ReadOptions {
  password?: string;
  onProgress?: (stage: ImportStage) => void;
  /** Refuse key derivations needing more than this many bytes (default 1 GiB, lib/limits.ts). */
  maxKdfMemory?: number;
  /**
   * The other files chosen together with this one (Steam Desktop Authenticator's manifest.json and its
   * .maFile files). Only read by importers whose detection says {@link Detection.usesSiblings}.
   */
  siblings?: readonly SniffedFile[];
  /**
   * Starts the SQLite engine for app databases (lib/import/sqlite.ts): platform/sqlite-loader.ts in the extension,
   * scripts/node-sqlite-loader.ts in Node. Without it a database is refused (`unsupported`), never misread.
   */
  sqlite?: SqliteLoader;
}

/** The file as the importers see it: its bytes, its UTF-8 text and its JSON when it has them. */
export interface SniffedFile {
  name: string;
  bytes: Uint8Array;
  /** Set when the bytes are valid UTF-8 (a leading BOM removed). */
  text?: string;
  /** Set when `text` parses as JSON. */
  json?: unknown;
}

export interface Detection {
  encrypted: boolean;
  /** Known before the password is asked for, when the file records it. */
  kdf?: KdfCost;
  /** Encrypted, but readable without a password when the user never set one (the app's default). */
  passwordOptional?: boolean;
  /** What kind of file of the app it is ("backup, schema 4"): the format is then named "2FAS backup, schema 4". */
  variant?: Text;
  /**
   * This file reads other files chosen with it ({@link ReadOptions.siblings}), such as a manifest naming
   * its accounts' files: the import panel reads it first and does not import the files it used again.
   */
  usesSiblings?: boolean;
}

export interface Importer {
  id: FormatId;
  /** The app's name as users know it: "Aegis". */
  app: Text;
  /**
   * The parameters this format has a field for (docs/import-export.md "What each format carries"). A value
   * it cannot carry is the reader's default, so the review treats it as unknown, never as a change.
   */
  carries: readonly OtpParamName[];
  /** Recognises the file without any crypto; `false` when it is not this format. */
  detect(file: SniffedFile): Detection | false;
  /** Reads the entries. Throws {@link ImportError} for whole-file failures; per-entry ones go in `problems`. */
  read(
    file: SniffedFile,
    detection: Detection,
    options: ReadOptions,
  ): Promise<Omit<ImportResult, 'format' | 'formatName' | 'carries'>>;
}
