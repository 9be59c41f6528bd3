import type { Text } from '../../i18n/text';
import { CARRIES_ALL } from '../../otp/carried';
import { csvRecords, parseCsv } from '../csv';
import { collectEntries, isObject, labelFor } from '../entry';
import { type ItemContext, itemTotpEntry, str } from '../item-totp';
import { pmText } from '../pm-text';
import { plain, text } from '../text';
import { type Detection, ImportError, type ImportedEntry, type Importer, type SniffedFile } from '../types';
import { listZip, looksLikeZip } from '../zip-directory';
import { readZipMember } from '../zip-member';

/*
 * Proton Pass exports (docs/import-formats.md "Proton Pass"; ProtonMail/WebClients packages/pass/lib/export/ and
 * packages/pass/lib/import/providers/protonpass/protonpass.zip.reader.ts; bitwarden/clients libs/importer/src/
 * importers/protonpass/): a ZIP holding "Proton Pass/data.json", or that JSON alone:
 * {version, userId, encrypted:false, vaults:{<shareId>:{name, items:[{itemId, state (1 active, 2 trashed), pinned,
 * data:{type, metadata:{name, note}, content:{itemUsername, itemEmail, (before 1.18: username), password, urls,
 * totpUri}, extraFields:[{fieldName, type:"totp", data:{totpUri}}]}}]}}}.
 * Login items with a totpUri, and any item with a TOTP extra field, are accounts; the vault's name is the group.
 * Trashed items are left out and counted (Proton's own import and Bitwarden's skip them too), as are items without
 * a TOTP. The CSV export (WebClients packages/pass/lib/import/providers/protonpass/protonpass.csv.types.ts and its
 * mocks) has the columns type, name, url, email (since content format 5), username, password, note, totp,
 * createTime, modifyTime, vault (later versions); it is detected by that header. Encrypted exports (a PGP message, "Proton Pass/data.pgp" in the ZIP, or `encrypted:true`) are refused:
 * Twofold has no OpenPGP implementation.
 */

const DATA_JSON = /(^|\/)data\.json$/i;
const PGP_ARMOR = '-----BEGIN PGP MESSAGE-----';
const TRASHED = 2;

type Shape =
  | { kind: 'json'; vaults: Record<string, unknown> }
  | { kind: 'encrypted' }
  | { kind: 'zip' }
  | { kind: 'csv' };

/** The CSV's header: Proton's own column names, in the order Proton writes them. */
function isProtonCsv(file: SniffedFile): boolean {
  if (file.text === undefined || file.json !== undefined) return false;
  const first = (file.text.split(/\r\n|\n|\r/, 1)[0] ?? '').trim().toLowerCase();
  return /^type,name,url,(email,)?username,password,note,totp,createtime,modifytime(,|$)/.test(first);
}

function jsonShape(json: unknown): Shape | false {
  if (!isObject(json) || !isObject(json.vaults) || !('userId' in json || 'version' in json)) return false;
  if (json.encrypted === true) return { kind: 'encrypted' };
  return { kind: 'json', vaults: json.vaults };
}

function shape(file: SniffedFile): Shape | false {
  if (looksLikeZip(file.bytes)) {
    const names = (listZip(file.bytes) ?? []).map((e) => e.name);
    // Proton writes the folder as "Proton Pass"; the JSON on its own has to be under a folder of that name.
    if (names.some((n) => /(^|\/)Proton Pass\/data\.json$/i.test(n))) return { kind: 'zip' };
    if (names.some((n) => /(^|\/)Proton Pass\/data\.pgp$/i.test(n))) return { kind: 'encrypted' };
    return false;
  }
  if (isProtonCsv(file)) return { kind: 'csv' };
  if (file.text?.trimStart().startsWith(PGP_ARMOR) && /proton|pass|\.pgp$/i.test(file.name))
    return { kind: 'encrypted' };
  return jsonShape(file.json);
}

interface Counts {
  trashed: number;
  withoutTotp: number;
}

function itemEntries(item: Record<string, unknown>, vault: string, counts: Counts): ImportedEntry[] {
  const data = isObject(item.data) ? item.data : {};
  const metadata = isObject(data.metadata) ? data.metadata : {};
  const content = isObject(data.content) ? data.content : {};
  const uris: string[] = [];
  if (str(content.totpUri)) uris.push(str(content.totpUri));
  if (Array.isArray(data.extraFields))
    for (const f of data.extraFields)
      if (isObject(f) && f.type === 'totp' && isObject(f.data) && str(f.data.totpUri)) uris.push(str(f.data.totpUri));
  if (uris.length === 0) {
    counts.withoutTotp++;
    return [];
  }
  const context: ItemContext = {
    title: str(metadata.name),
    username: str(content.itemUsername) || str(content.itemEmail) || str(content.username),
    notes: str(metadata.note),
    groups: vault ? [vault] : [],
    pinned: item.pinned === true,
  };
  return uris.map((uri) => itemTotpEntry(uri, context));
}

function readVaults(vaults: Record<string, unknown>) {
  const items: Array<{ item: unknown; vault: string }> = [];
  for (const vault of Object.values(vaults)) {
    if (!isObject(vault) || !Array.isArray(vault.items))
      throw new ImportError('damaged', pmText('importpm_pass_damaged'));
    for (const item of vault.items) items.push({ item, vault: str(vault.name) });
  }
  const counts: Counts = { trashed: 0, withoutTotp: 0 };
  const result = collectEntries(
    items,
    ({ item }, i) => {
      const data = isObject(item) && isObject(item.data) ? item.data : {};
      const metadata = isObject(data.metadata) ? data.metadata : {};
      const content = isObject(data.content) ? data.content : {};
      return labelFor(metadata.name, str(content.itemUsername) || str(content.itemEmail), i);
    },
    ({ item, vault }) => {
      if (!isObject(item)) {
        counts.withoutTotp++;
        return [];
      }
      if (item.state === TRASHED) {
        counts.trashed++;
        return [];
      }
      return itemEntries(item, vault, counts);
    },
  );
  const notices: Text[] = [];
  if (counts.withoutTotp > 0) notices.push(pmText.counted('importpm_pass_no_totp', counts.withoutTotp));
  if (counts.trashed > 0) notices.push(pmText.counted('importpm_pass_trashed', counts.trashed));
  return { ...result, notices };
}

function readCsv(file: SniffedFile) {
  const records = csvRecords(parseCsv(file.text ?? ''));
  let withoutTotp = 0;
  const result = collectEntries(
    records,
    (r, i) => labelFor(r.name, r.username || r.email, i),
    (r) => {
      const totp = r.totp?.trim() ?? '';
      if (!totp) {
        withoutTotp++;
        return [];
      }
      const vault = r.vault?.trim() ?? '';
      return itemTotpEntry(totp, {
        title: r.name?.trim() ?? '',
        username: r.username?.trim() || r.email?.trim() || '',
        notes: r.note?.trim() ?? '',
        groups: vault ? [vault] : [],
        pinned: false,
      });
    },
  );
  const notices: Text[] = withoutTotp > 0 ? [pmText.counted('importpm_pass_no_totp', withoutTotp)] : [];
  return { ...result, notices };
}

function parsed(textOfJson: string): unknown {
  try {
    return JSON.parse(textOfJson);
  } catch {
    throw new ImportError('damaged', pmText('importpm_pass_damaged'));
  }
}

export const protonPassImporter: Importer = {
  id: 'proton-pass',
  app: plain('Proton Pass'), // i18n-ignore: the app's name
  carries: CARRIES_ALL, // otpauth:// URIs (and bare keys, which say nothing)
  detect(file): Detection | false {
    const found = shape(file);
    if (!found) return false;
    // An encrypted export is refused by read() straight away; no password is asked for in vain.
    if (found.kind === 'encrypted') return { encrypted: false, variant: pmText('importpm_variant_pgp') };
    if (found.kind === 'csv') return { encrypted: false, variant: text('import_variant_csv') };
    return found.kind === 'zip' ? { encrypted: false, variant: plain('ZIP') } : { encrypted: false };
  },
  async read(file, _detection, options) {
    const found = shape(file);
    if (!found) throw new ImportError('damaged', pmText('importpm_pass_damaged'));
    if (found.kind === 'encrypted') throw new ImportError('unsupported', pmText('importpm_pass_encrypted'));
    if (found.kind === 'json') return readVaults(found.vaults);
    if (found.kind === 'csv') return readCsv(file);
    const member = await readZipMember(
      file.bytes,
      (name) => DATA_JSON.test(name) && /Proton Pass\//i.test(name),
      options,
      pmText('importpm_kind_proton_pass'),
    );
    if (!member) throw new ImportError('damaged', pmText('importpm_pass_damaged'));
    const inner = jsonShape(parsed(member.text));
    if (!inner) throw new ImportError('damaged', pmText('importpm_pass_damaged'));
    if (inner.kind === 'encrypted') throw new ImportError('unsupported', pmText('importpm_pass_encrypted'));
    if (inner.kind !== 'json') throw new ImportError('damaged', pmText('importpm_pass_damaged'));
    return readVaults(inner.vaults);
  },
};
