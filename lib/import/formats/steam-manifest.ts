import { checkEntryCount } from '../../limits';
import { announceKdf, asImportError, needPassword } from '../crypto';
import { collectEntries, EntryError, invalid, isObject, unsupported } from '../entry';
import { listOf, plain, text, textOf } from '../text';
import { type Detection, ImportError, type ImportResult, type ReadOptions, type SniffedFile } from '../types';
import { isSteamAccount, steamEntry, steamLabel, steamText } from './steam-account';
import { ARGON2_KDF, openMaFile, SDA_KDF, type SteamScheme } from './steam-crypto';

/*
 * The manifest.json that names a folder's .maFile files (docs/import-formats.md "Steam Guard"). Two apps write one:
 *
 * - SDA ("Steam Desktop Authenticator/Manifest.cs"): {encrypted, first_run, entries:[{encryption_iv,
 *   encryption_salt, filename, steamid}], periodic_checking…}; `encrypted` covers every file, each with its own
 *   salt and IV.
 * - steamguard-cli (src/accountmanager/manifest.rs, version 1): {version, entries:[{filename, steam_id,
 *   account_name, encryption: null | {scheme: "LegacySdaCompatible" | "Argon2idAes256", iv, salt}}], keyring_id?}.
 *   It also still reads SDA's manifest (src/accountmanager/legacy.rs), and so does Twofold.
 *
 * The files are chosen together with the manifest (ReadOptions.siblings); a named file that was not chosen is
 * listed as a problem saying to choose it too, and the files used are returned as `consumed`.
 */

type App = 'sda' | 'sgc';
const SGC_MANIFEST_VERSION = 1;
const SCHEMES: Record<string, SteamScheme> = { LegacySdaCompatible: 'sda', Argon2idAes256: 'argon2id' };
const WHAT = steamText('importsteam_kind_steam');

interface Manifest {
  app: App;
  json: Record<string, unknown>;
  entries: unknown[];
}

const hasFilename = (e: unknown): e is Record<string, unknown> => isObject(e) && typeof e.filename === 'string';

/** The manifest of either app, recognised by its entries' fields (or, when it lists none, by SDA's settings). */
export function manifestOf(json: unknown): Manifest | undefined {
  if (!isObject(json) || !Array.isArray(json.entries)) return undefined;
  const entries = json.entries;
  const sdaEntry = (e: unknown) => hasFilename(e) && ('steamid' in e || 'encryption_salt' in e);
  const sgcEntry = (e: unknown) => hasFilename(e) && ('steam_id' in e || 'encryption' in e);
  if (typeof json.encrypted === 'boolean') {
    const sdaSettings = 'first_run' in json || 'periodic_checking' in json || 'auto_confirm_trades' in json;
    if (entries.some(sdaEntry) || (entries.length === 0 && sdaSettings)) return { app: 'sda', json, entries };
  }
  if (typeof json.version === 'number' && entries.some(sgcEntry)) return { app: 'sgc', json, entries };
  return undefined;
}

interface Encryption {
  scheme: SteamScheme;
  salt: unknown;
  iv: unknown;
}

/** How one entry's file is encrypted: undefined when plain; an entry problem for a scheme Twofold does not know. */
function encryptionOf(m: Manifest, entry: Record<string, unknown>): Encryption | undefined {
  if (m.app === 'sda')
    return m.json.encrypted === true
      ? { scheme: 'sda', salt: entry.encryption_salt, iv: entry.encryption_iv }
      : undefined;
  const e = entry.encryption;
  if (e === null || e === undefined) return undefined;
  if (!isObject(e)) throw invalid(steamText('importsteam_scheme_unknown', typeof e));
  const scheme = typeof e.scheme === 'string' ? SCHEMES[e.scheme] : undefined;
  if (!scheme) throw unsupported(steamText('importsteam_scheme_unknown', String(e.scheme)));
  return { scheme, salt: e.salt, iv: e.iv };
}

function safeEncryption(m: Manifest, entry: unknown): Encryption | undefined {
  try {
    return hasFilename(entry) ? encryptionOf(m, entry) : undefined;
  } catch {
    return undefined;
  }
}

export function detectManifest(m: Manifest): Detection {
  const schemes = m.entries.map((e) => safeEncryption(m, e)?.scheme).filter((s) => s !== undefined);
  const variant = steamText(m.app === 'sda' ? 'importsteam_variant_sda_manifest' : 'importsteam_variant_sgc_manifest');
  const encrypted = m.app === 'sda' ? m.json.encrypted === true : schemes.length > 0;
  if (!encrypted) return { encrypted: false, variant, usesSiblings: true };
  return { encrypted: true, kdf: schemes.includes('argon2id') ? ARGON2_KDF : SDA_KDF, variant, usesSiblings: true };
}

const baseName = (name: string) => name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);

/** The chosen file the manifest names: the same name, else the same name in another case (Windows folders). */
function findSibling(siblings: readonly SniffedFile[], filename: string): SniffedFile | undefined {
  const want = baseName(filename);
  return (
    siblings.find((s) => baseName(s.name) === want) ??
    siblings.find((s) => baseName(s.name).toLowerCase() === want.toLowerCase())
  );
}

type Opened = { account: unknown } | { error: EntryError };

const asEntryError = (e: unknown): EntryError =>
  e instanceof EntryError ? e : invalid(e instanceof ImportError ? e.text : textOf(e));

export async function readManifest(
  m: Manifest,
  options: ReadOptions,
): Promise<Omit<ImportResult, 'format' | 'formatName' | 'carries'>> {
  if (m.app === 'sgc' && (m.json.version as number) > SGC_MANIFEST_VERSION)
    throw new ImportError(
      'newer-version',
      steamText('importsteam_manifest_newer', String(m.json.version), SGC_MANIFEST_VERSION),
    );
  if (m.entries.length === 0) throw new ImportError('damaged', steamText('importsteam_manifest_empty'));
  // Caps (lib/limits.ts) before any file is looked for or opened.
  try {
    checkEntryCount(m.entries.length);
  } catch (e) {
    throw asImportError(e);
  }
  const siblings = options.siblings ?? [];
  const files = m.entries.map((e) => (hasFilename(e) ? findSibling(siblings, e.filename as string) : undefined));
  if (files.every((f) => f === undefined)) {
    const names = m.entries.filter(hasFilename).map((e) => plain(e.filename as string));
    throw new ImportError('unsupported', steamText('importsteam_manifest_alone', listOf(names.slice(0, 5))));
  }

  // The password only when a chosen file needs it; one derivation per file, since each has its own salt.
  const opened: Opened[] = [];
  let password: string | undefined;
  let openedOne = false;
  let wrong: ImportError | undefined;
  for (const [i, entry] of m.entries.entries()) {
    const file = files[i];
    try {
      if (!hasFilename(entry)) throw invalid(text('import_entry_damaged', plain('filename')));
      if (!file) throw invalid(steamText('importsteam_file_missing', entry.filename as string));
      // Each chosen file is opened once: a manifest naming one file 10 000 times must not cost 10 000 derivations.
      if (files.indexOf(file) !== i) throw invalid(steamText('importsteam_file_twice', file.name));
      // A file already decrypted (steamguard-cli's `decrypt`, or SDA's "remove encryption" on a copy) is read as it is.
      const encryption = isSteamAccount(file.json) ? undefined : encryptionOf(m, entry);
      if (!encryption) {
        if (file.json === undefined) throw invalid(steamText('importsteam_file_not_account', file.name));
        opened.push({ account: file.json });
        continue;
      }
      if (password === undefined) {
        password = needPassword(options, WHAT);
        announceKdf(encryption.scheme === 'argon2id' ? ARGON2_KDF : SDA_KDF, options);
      }
      let json: string;
      try {
        json = await openMaFile(encryption.scheme, password, encryption, file.text ?? '', WHAT);
      } catch (e) {
        if (e instanceof ImportError && e.code === 'wrong-password') wrong = e;
        throw asEntryError(e);
      }
      openedOne = true;
      try {
        opened.push({ account: JSON.parse(json) });
      } catch {
        throw invalid(steamText('importsteam_file_not_account', file.name));
      }
    } catch (e) {
      if (e instanceof ImportError && e.code !== 'damaged') throw e;
      opened.push({ error: asEntryError(e) });
    }
  }

  // One passkey encrypts a whole folder: when no file opens, the password is wrong (a file that alone fails to open
  // while others do is damaged, and listed).
  if (wrong && !openedOne) throw wrong;
  options.onProgress?.({ stage: 'reading-entries', count: m.entries.length });
  const manifestName = (e: unknown) => (isObject(e) && typeof e.account_name === 'string' ? e.account_name : '');
  const result = collectEntries(
    m.entries,
    (e, i) => {
      const got = opened[i];
      const name = got && 'account' in got ? steamLabel(got.account, manifestName(e)) : undefined;
      return name ?? (hasFilename(e) ? plain(e.filename as string) : text('import_label_entry', i + 1));
    },
    (e, i) => {
      const got = opened[i] as Opened;
      if ('error' in got) throw got.error;
      return steamEntry(got.account, manifestName(e));
    },
  );
  const consumed = [...new Set(files.filter((f) => f !== undefined).map((f) => f.name))];
  return { ...result, consumed };
}
