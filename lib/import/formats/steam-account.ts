import steamEn from '../../../locales/en/importsteam.json';
import { textsOf } from '../../i18n/text';
import { entryFrom, invalid, isObject, nameLabel } from '../entry';
import type { Text } from '../../i18n/text';
import { text } from '../text';
import type { ImportedEntry } from '../types';

/*
 * One Steam Guard account as Steam's mobile authenticator stores it (docs/import-formats.md "Steam Guard"). The same
 * object is written by Steam Desktop Authenticator (SDA: Jessecar96/SteamDesktopAuthenticator, its SteamAuth
 * submodule geel9/SteamAuth SteamGuardAccount.cs), by steamguard-cli (dyc3/steamguard-cli,
 * steamguard/src/lib.rs SteamGuardAccount) and by the official Steam app in its `Steamguard-<steamid>` file
 * (Aegis SteamImporter.java reads it; steamguard-cli src/accountmanager/steamv2.rs): `shared_secret` (base64, the
 * TOTP key), `account_name`, `revocation_code` ("R12345"), `identity_secret` and `secret_1` (trade confirmations,
 * not codes), `serial_number`, `uri` (an otpauth link whose secret is not always the key: SDA files carry a
 * placeholder, so it is never read), steam IDs and session tokens.
 */

export const steamText = textsOf(steamEn);

const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

/** An object that is one Steam Guard account: its base64 key and at least one field only Steam's object has. */
export function isSteamAccount(value: unknown): value is Record<string, unknown> {
  return (
    isObject(value) &&
    typeof value.shared_secret === 'string' &&
    ('account_name' in value || 'revocation_code' in value || 'identity_secret' in value || 'serial_number' in value)
  );
}

/** The official Steam app's file: {"accounts": {"<key>": account, …}} (Aegis steam.json). */
export function steamAppAccounts(json: unknown): unknown[] | undefined {
  if (!isObject(json) || !isObject(json.accounts)) return undefined;
  const accounts = Object.values(json.accounts);
  return accounts.some(isSteamAccount) ? accounts : undefined;
}

function steamIdOf(account: Record<string, unknown>): string {
  const session = isObject(account.Session) ? account.Session : {};
  for (const id of [account.steamid, account.steam_id, session.SteamID])
    if (typeof id === 'string' || (typeof id === 'number' && Number.isSafeInteger(id) && id > 0)) return String(id);
  return '';
}

/** "alice", else the name the manifest gives, else the steam ID: what the person knows the account by. */
function steamAccountName(account: unknown, fallback = ''): string {
  if (!isObject(account)) return fallback;
  return str(account.account_name) || fallback || steamIdOf(account);
}

export function steamLabel(account: unknown, fallback: string): Text | undefined {
  return nameLabel('', steamAccountName(account, fallback));
}

/** Standard base64 (what .NET and Rust's base64 write) as bytes; an entry problem otherwise. */
function sharedSecret(value: unknown): Uint8Array {
  const clean = str(value).replace(/\s+/g, '');
  if (clean === '') throw invalid(text('import_entry_no_secret'));
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(clean) || clean.replace(/=+$/, '').length % 4 === 1)
    throw invalid(steamText('importsteam_secret_not_base64'));
  const unpadded = clean.replace(/=+$/, '');
  const bin = atob(unpadded.padEnd(Math.ceil(unpadded.length / 4) * 4, '='));
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/**
 * The account as a Steam entry (5 characters, 30 s; issuer "Steam" as Aegis names it). The revocation code is
 * the one thing besides the key a person needs later (it removes Steam Guard from the account when the key is
 * lost), so it is kept with the account, in its notes, under the file's own field name.
 */
export function steamEntry(account: unknown, fallbackName = ''): ImportedEntry {
  if (!isObject(account)) throw invalid(steamText('importsteam_not_object'));
  const secret = sharedSecret(account.shared_secret);
  const revocation = str(account.revocation_code);
  return entryFrom({
    kind: 'steam',
    secret,
    issuer: 'Steam',
    account: steamAccountName(account, fallbackName),
    notes: revocation ? `revocation_code: ${revocation}` : '',
    warnings: revocation ? [steamText('importsteam_revocation_in_notes')] : [],
  });
}
