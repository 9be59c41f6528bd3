import type { Text } from '../../i18n/text';
import { CARRIES_ALL } from '../../otp/carried';
import { collectEntries, isObject, labelFor } from '../entry';
import { type ItemContext, itemTotpEntry, str } from '../item-totp';
import { pmText } from '../pm-text';
import { plain } from '../text';
import { type Detection, ImportError, type ImportedEntry, type Importer, type ReadOptions } from '../types';
import { listZip, looksLikeZip } from '../zip-directory';
import { readZipMember } from '../zip-member';

/*
 * 1Password's .1pux export (docs/import-formats.md "1Password"; 1Password's "1PUX format" support page; bitwarden/
 * clients libs/importer/src/importers/onepassword/onepassword-1pux-importer.ts and its types): a ZIP holding
 * `export.attributes` and `export.data`, the latter JSON {accounts:[{attrs, vaults:[{attrs:{name}, items:[{uuid,
 * favIndex, state ("active" | "archived"), categoryUuid, overview:{title, url, urls, tags}, details:{loginFields:
 * [{designation "username" | "password", value}], notesPlain, sections:[{title, fields:[{title, id, value:{totp}}]}]}
 * }]}]}]}. A one-time-password field is `value.totp`: an otpauth:// URI or a bare base32 key. An item may have more
 * than one; each becomes an account. Archived items are imported (they are still the person's accounts) with a
 * warning saying so; an item in any other state (or `trashed: true`, in older exports) is left out and counted, like
 * items without a one-time password.
 */

const DATA = /(^|\/)export\.data$/;
const WHAT = pmText('importpm_kind_1pux');

interface Counts {
  withoutTotp: number;
  otherState: number;
}

function totpValues(details: Record<string, unknown>): string[] {
  const out: string[] = [];
  if (!Array.isArray(details.sections)) return out;
  for (const section of details.sections) {
    if (!isObject(section) || !Array.isArray(section.fields)) continue;
    for (const field of section.fields)
      if (isObject(field) && isObject(field.value) && str(field.value.totp)) out.push(str(field.value.totp));
  }
  return out;
}

function usernameOf(details: Record<string, unknown>): string {
  if (!Array.isArray(details.loginFields)) return '';
  const field = details.loginFields.find((f) => isObject(f) && f.designation === 'username' && str(f.value));
  return isObject(field) ? str(field.value) : '';
}

function itemEntries(item: Record<string, unknown>, vault: string, counts: Counts): ImportedEntry[] {
  const details = isObject(item.details) ? item.details : {};
  const overview = isObject(item.overview) ? item.overview : {};
  const totps = totpValues(details);
  if (totps.length === 0) {
    counts.withoutTotp++;
    return [];
  }
  // Older exports say `trashed: true|false` instead of a state (bitwarden/clients' 1pux test data).
  const state = item.trashed === true ? 'trashed' : (item.state ?? 'active');
  if (state !== 'active' && state !== 'archived') {
    counts.otherState++;
    return [];
  }
  const tags = Array.isArray(overview.tags) ? overview.tags.filter((t): t is string => typeof t === 'string') : [];
  const context: ItemContext = {
    title: str(overview.title),
    username: usernameOf(details),
    notes: str(details.notesPlain),
    groups: [vault, ...tags].filter((g) => g !== ''),
    pinned: typeof item.favIndex === 'number' && item.favIndex > 0,
  };
  return totps.map((totp) => {
    const entry = itemTotpEntry(totp, context);
    if (state === 'archived') entry.warnings.push(pmText('importpm_1pux_archived'));
    return entry;
  });
}

function readExport(json: unknown) {
  if (!isObject(json) || !Array.isArray(json.accounts))
    throw new ImportError('damaged', pmText('importpm_1pux_damaged'));
  const items: Array<{ item: unknown; vault: string }> = [];
  for (const account of json.accounts) {
    if (!isObject(account) || !Array.isArray(account.vaults))
      throw new ImportError('damaged', pmText('importpm_1pux_damaged'));
    for (const vault of account.vaults) {
      if (!isObject(vault) || !Array.isArray(vault.items))
        throw new ImportError('damaged', pmText('importpm_1pux_damaged'));
      const name = isObject(vault.attrs) ? str(vault.attrs.name) : '';
      for (const item of vault.items) items.push({ item, vault: name });
    }
  }
  const counts: Counts = { withoutTotp: 0, otherState: 0 };
  const result = collectEntries(
    items,
    ({ item }, i) => {
      const overview = isObject(item) && isObject(item.overview) ? item.overview : {};
      const details = isObject(item) && isObject(item.details) ? item.details : {};
      return labelFor(overview.title, usernameOf(details), i);
    },
    ({ item, vault }) => {
      if (!isObject(item)) {
        counts.withoutTotp++;
        return [];
      }
      return itemEntries(item, vault, counts);
    },
  );
  const notices: Text[] = [];
  if (counts.withoutTotp > 0) notices.push(pmText.counted('importpm_1pux_no_totp', counts.withoutTotp));
  if (counts.otherState > 0) notices.push(pmText.counted('importpm_1pux_deleted', counts.otherState));
  return { ...result, notices };
}

async function read1pux(bytes: Uint8Array, options: ReadOptions) {
  const member = await readZipMember(bytes, (name) => DATA.test(name), options, WHAT);
  if (!member) throw new ImportError('damaged', pmText('importpm_1pux_damaged'));
  let json: unknown;
  try {
    json = JSON.parse(member.text);
  } catch {
    throw new ImportError('damaged', pmText('importpm_1pux_damaged'));
  }
  return readExport(json);
}

export const onePasswordImporter: Importer = {
  id: '1password',
  app: plain('1Password'), // i18n-ignore: the app's name
  carries: CARRIES_ALL, // otpauth:// URIs (bare keys say nothing, lib/import/item-totp.ts)
  detect(file): Detection | false {
    if (looksLikeZip(file.bytes)) {
      const names = (listZip(file.bytes) ?? []).map((e) => e.name);
      return names.some((n) => DATA.test(n)) ? { encrypted: false, variant: plain('1PUX') } : false;
    }
    // export.data taken out of the .1pux on its own.
    const json = file.json;
    if (
      isObject(json) &&
      Array.isArray(json.accounts) &&
      json.accounts.some((a) => isObject(a) && Array.isArray(a.vaults) && isObject(a.attrs))
    )
      return { encrypted: false, variant: plain('export.data') };
    return false;
  },
  async read(file, _detection, options) {
    if (looksLikeZip(file.bytes)) return read1pux(file.bytes, options);
    return readExport(file.json);
  },
};
