import { entryFrom, entryFromUri } from './entry';
import type { ImportedEntry } from './types';

/*
 * The one-time-password field of a password manager's item (1Password, Proton Pass) as an account. Such a field
 * holds an otpauth:// URI, a steam:// key, or a bare base32 key (docs/import-formats.md "1Password", "Proton Pass").
 * The convention is Bitwarden's (lib/import/formats/bitwarden.ts): a bare key has no label, so the item's title is
 * the issuer and its username the account; for a URI, the URI's issuer and account win and the item fills in what
 * the URI leaves empty.
 */

export interface ItemContext {
  title: string;
  username: string;
  notes: string;
  groups: string[];
  pinned: boolean;
}

export function itemTotpEntry(value: string, item: ItemContext): ImportedEntry {
  const totp = value.trim();
  const extras = { notes: item.notes, groups: item.groups, pinned: item.pinned };
  if (/^otpauth:\/\//i.test(totp)) {
    const entry = entryFromUri(totp, extras);
    if (entry.params.issuer === '') entry.params.issuer = item.title;
    if (entry.params.account === '') entry.params.account = item.username;
    return entry;
  }
  if (/^steam:\/\//i.test(totp)) {
    const entry = entryFromUri(totp, extras);
    entry.params.issuer = item.title || entry.params.issuer;
    entry.params.account = item.username;
    return entry;
  }
  // A bare key says nothing but the key: the defaults are the reader's, not the account's (lib/otp/carried.ts).
  return {
    ...entryFrom({
      kind: 'totp',
      secret: totp.replace(/[\s-]/g, ''),
      issuer: item.title,
      account: item.username,
      ...extras,
    }),
    carries: [],
  };
}

/** A text field of the item, trimmed; '' for anything that is not text. */
export const str = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');
