import { CARRIES_ALL } from '../../otp/carried';
import { announceKdf, argon2id, fromBase64, needPassword, strictUtf8, utf8, wrongPassword } from '../crypto';
import { entryFromUri, isObject, unsupported } from '../entry';
import { isUriList, readUriLines, type UriLine, uriParameter } from '../otpauth-lines';
import { SECRETSTREAM_ABYTES, SECRETSTREAM_HEADER_BYTES, SecretStreamError, SecretStreamPull } from '../secretstream';
import { plain, text } from '../text';
import {
  type Detection,
  ImportError,
  type ImportedEntry,
  type Importer,
  type KdfCost,
  type ReadOptions,
  type SniffedFile,
} from '../types';

/*
 * Ente Auth (docs/import-formats.md "Ente Auth"). Plain export: one otpauth URI a line, each with Ente's `codeDisplay=`
 * parameter (URL-encoded JSON {pinned, trashed, tags, note, …}). Encrypted export: JSON {version 1, kdfParams {memLimit
 * (bytes), opsLimit, salt}, encryptedData, encryptionNonce}; key = libsodium crypto_pwhash Argon2id v1.3 (1 lane, 32
 * bytes), cipher = one crypto_secretstream_xchacha20poly1305 message whose plaintext is the plain export (Ente
 * export_widget.dart, encrypted_ente_import.dart).
 */

const WHAT = text('import_kind_ente');
const KNOWN_VERSION = 1;
// libsodium crypto_pwhash_argon2id: SALTBYTES 16, MEMLIMIT_MIN 8192 bytes, OPSLIMIT_MIN 1.
const SALT_BYTES = 16;
const MIN_MEM_LIMIT = 8192;

interface EncryptedExport {
  version: unknown;
  kdfParams: { memLimit: unknown; opsLimit: unknown; salt: unknown };
  encryptedData: unknown;
  encryptionNonce: unknown;
}

function isEncryptedExport(json: unknown): json is EncryptedExport {
  return (
    isObject(json) &&
    isObject(json.kdfParams) &&
    'encryptedData' in json &&
    'encryptionNonce' in json &&
    'memLimit' in json.kdfParams &&
    'opsLimit' in json.kdfParams
  );
}

function kdfOf(json: EncryptedExport): KdfCost | undefined {
  const { memLimit, opsLimit } = json.kdfParams;
  if (!Number.isSafeInteger(memLimit) || !Number.isSafeInteger(opsLimit)) return undefined;
  return { algorithm: 'argon2id', memoryBytes: memLimit as number, iterations: opsLimit as number };
}

/** Ente's own file name (ente-auth-codes-2024-01-31.txt) or its codeDisplay parameter. */
function isPlainExport(file: SniffedFile): boolean {
  if (file.text === undefined || !isUriList(file.text)) return false;
  return /codeDisplay=/.test(file.text) || /^ente-auth-codes/i.test(file.name);
}

/** Ente's per-code display data; a line without one (or with a broken one) is still imported. */
interface CodeDisplay {
  pinned: boolean;
  trashed: boolean;
  tags: string[];
  note: string;
  readable: boolean;
}

function codeDisplayOf(uri: string): CodeDisplay {
  const none: CodeDisplay = { pinned: false, trashed: false, tags: [], note: '', readable: true };
  const raw = uriParameter(uri, 'codeDisplay');
  if (raw === undefined) return none;
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return { ...none, readable: false };
  }
  if (!isObject(json)) return { ...none, readable: false };
  const tags = Array.isArray(json.tags) ? json.tags.filter((t): t is string => typeof t === 'string') : [];
  return {
    pinned: json.pinned === true,
    trashed: json.trashed === true,
    tags,
    note: typeof json.note === 'string' ? json.note : '',
    readable: true,
  };
}

function entryOf(item: UriLine): ImportedEntry {
  const display = codeDisplayOf(item.text);
  // A trashed code is one the user deleted in Ente (it sits in Ente's trash until emptied): bringing it
  // back silently would undo that, so it is listed instead.
  if (display.trashed) throw unsupported(text('import_ente_trashed'));
  return entryFromUri(item.text, {
    pinned: display.pinned,
    groups: display.tags,
    notes: display.note,
    warnings: display.readable ? [] : [text('import_ente_display')],
  });
}

function readPlain(text: string): ReturnType<typeof readUriLines> {
  return readUriLines(text, entryOf);
}

function integerField(value: unknown, field: string, min: number): number {
  if (!Number.isSafeInteger(value) || (value as number) < min)
    throw new ImportError('damaged', text('import_ente_bad_number', field));
  return value as number;
}

async function readEncrypted(json: EncryptedExport, options: ReadOptions): Promise<ReturnType<typeof readPlain>> {
  if (json.version !== undefined && json.version !== KNOWN_VERSION) {
    if (typeof json.version === 'number' && json.version > KNOWN_VERSION)
      throw new ImportError('newer-version', text('import_ente_newer', json.version, KNOWN_VERSION));
    throw new ImportError('damaged', text('import_ente_bad_version'));
  }
  const memLimit = integerField(json.kdfParams.memLimit, 'kdfParams.memLimit', MIN_MEM_LIMIT);
  const opsLimit = integerField(json.kdfParams.opsLimit, 'kdfParams.opsLimit', 1);
  const salt = fromBase64(json.kdfParams.salt, 'kdfParams.salt');
  if (salt.length !== SALT_BYTES)
    throw new ImportError('damaged', text('import_field_wrong_length', 'kdfParams.salt', salt.length, SALT_BYTES));
  const header = fromBase64(json.encryptionNonce, 'encryptionNonce');
  if (header.length !== SECRETSTREAM_HEADER_BYTES)
    throw new ImportError(
      'damaged',
      text('import_field_wrong_length', 'encryptionNonce', header.length, SECRETSTREAM_HEADER_BYTES),
    );
  const sealed = fromBase64(json.encryptedData, 'encryptedData');
  if (sealed.length < SECRETSTREAM_ABYTES)
    throw new ImportError('damaged', text('import_field_cut_short', 'encryptedData'));

  const password = needPassword(options, WHAT);
  announceKdf({ algorithm: 'argon2id', memoryBytes: memLimit, iterations: opsLimit }, options);
  // crypto_pwhash: memlimit is in bytes and libsodium divides it by 1024 (integer division).
  const key = await argon2id(
    utf8(password),
    salt,
    { iterations: opsLimit, memoryKiB: Math.floor(memLimit / 1024), parallelism: 1 },
    32,
  );
  options.onProgress?.({ stage: 'decrypting' });
  let message: Uint8Array;
  try {
    message = new SecretStreamPull(key, header).pull(sealed).message;
  } catch (e) {
    if (e instanceof SecretStreamError && e.code === 'forged') throw wrongPassword(WHAT);
    throw new ImportError('damaged', text('import_ente_damaged'), { cause: e });
  }
  return readPlain(strictUtf8(message, WHAT));
}

export const enteImporter: Importer = {
  id: 'ente',
  app: plain('Ente Auth'), // i18n-ignore: the app's name
  carries: CARRIES_ALL, // otpauth:// lines
  detect(file: SniffedFile): Detection | false {
    if (isEncryptedExport(file.json)) return { encrypted: true, kdf: kdfOf(file.json) };
    if (isPlainExport(file)) return { encrypted: false };
    return false;
  },
  async read(file, _detection, options) {
    if (isEncryptedExport(file.json)) return readEncrypted(file.json, options);
    if (file.text === undefined) throw new ImportError('damaged', text('import_ente_not_text'));
    return readPlain(file.text);
  },
};
