import type { Text } from '../../i18n/text';
import { CARRIES_ALL } from '../../otp/carried';
import { announceKdf, asImportError, needPassword } from '../crypto';
import { collectEntries, labelFor } from '../entry';
import { plain } from '../text';
import type { Detection, ImportedEntry, Importer, SniffedFile } from '../types';
import {
  checkOpenable,
  isKdb1,
  isKdbx,
  type KdbxEntry,
  type KdbxGroup,
  kdfCost,
  kt,
  openKdbx,
  ProtectedValue,
  readKdbxInfo,
  WHAT,
} from './keepass-kdbx';
import { type EntryFields, hasOtpField, otpEntriesOf } from './keepass-otp';

/*
 * KeePass 2.x and KeePassXC databases, `.kdbx` (docs/import-formats.md "KeePass and KeePassXC"). The container is
 * keepass-kdbx.ts (kdbxweb, with every refusal decided from the header before a key is derived); the OTP fields of
 * an entry are keepass-otp.ts. Entries without any OTP field are passwords, not accounts: they are counted in a
 * notice, not listed. The recycle bin's entries are not imported (they were deleted), and counted when they had an
 * OTP; an entry's history (its old versions) is never read. Only a password opens the file: a database that also needs
 * a key file or a hardware key reads as a wrong password, whose message says so.
 */

interface Walked {
  entry: KdbxEntry;
  /** The group path below the root ("Work/Email"), '' at the root. */
  path: string;
}

function fieldText(value: unknown): string {
  if (typeof value === 'string') return value.trim();
  if (value instanceof ProtectedValue) return value.getText().trim();
  return '';
}

function fieldsOf(w: Walked): EntryFields {
  const { fields } = w.entry;
  const get = (name: string) => {
    const value = fieldText(fields.get(name));
    return value === '' ? undefined : value;
  };
  return {
    get,
    title: get('Title') ?? '',
    username: get('UserName') ?? '',
    notes: get('Notes') ?? '',
    groups: w.path === '' ? [] : [w.path],
  };
}

/** Every entry outside the recycle bin (with its group path) and the recycle bin's entries apart. */
function walk(root: KdbxGroup, binId: string | undefined): { live: Walked[]; binned: KdbxEntry[] } {
  const live: Walked[] = [];
  const binned: KdbxEntry[] = [];
  const visit = (group: KdbxGroup, path: string, inBin: boolean) => {
    for (const entry of group.entries) inBin ? binned.push(entry) : live.push({ entry, path });
    for (const child of group.groups) {
      const bin = inBin || (binId !== undefined && child.uuid.toString() === binId);
      visit(child, path === '' ? (child.name ?? '') : `${path}/${child.name ?? ''}`, bin);
    }
  };
  visit(root, '', false);
  return { live, binned };
}

/** The caps of lib/limits.ts (the entry count) as the ImportError they are everywhere else. */
function capped<T>(run: () => T): T {
  try {
    return run();
  } catch (e) {
    throw asImportError(e);
  }
}

export const keepassImporter: Importer = {
  id: 'keepass',
  app: plain('KeePass / KeePassXC'), // i18n-ignore: the apps' names
  carries: CARRIES_ALL, // otpauth:// URIs (steam by encoder=steam), KeeOtp's counter, KeeTrayTOTP's "S"
  detect(file: SniffedFile): Detection | false {
    if (isKdb1(file.bytes)) return { encrypted: true };
    if (!isKdbx(file.bytes)) return false;
    try {
      const info = readKdbxInfo(file.bytes);
      const variant = kt('importkeepass_variant_kdbx', info.version);
      return info.kdf ? { encrypted: true, variant, kdf: kdfCost(info.kdf) } : { encrypted: true, variant };
    } catch {
      // A damaged header is still a KeePass database: reading it says what is wrong.
      return { encrypted: true };
    }
  },
  async read(file, _detection, options) {
    const info = readKdbxInfo(file.bytes);
    const kdf = checkOpenable(info);
    const password = needPassword(options, WHAT);
    announceKdf(kdfCost(kdf), options);
    const db = await openKdbx(file.bytes, password);
    const root = db.getDefaultGroup();
    const binUuid = db.meta.recycleBinUuid?.toString();
    const binId = binUuid && !/^A+=*$/.test(binUuid) ? binUuid : undefined;
    const { live, binned } = walk(root, binId);
    options.onProgress?.({ stage: 'reading-entries', count: live.length });
    let skipped = 0;
    const result = capped(() =>
      collectEntries(
        live,
        (w, i) => {
          const f = fieldsOf(w);
          return labelFor(f.title, f.username, i);
        },
        (w): ImportedEntry[] => {
          const f = fieldsOf(w);
          if (!hasOtpField(f)) {
            skipped++;
            return [];
          }
          return otpEntriesOf(f);
        },
      ),
    );
    const inBin = binned.filter((entry) => hasOtpField(fieldsOf({ entry, path: '' }))).length;
    const notices: Text[] = [];
    if (skipped > 0) notices.push(kt.counted('importkeepass_skipped', skipped));
    if (inBin > 0) notices.push(kt.counted('importkeepass_recycle_bin', inBin));
    return { ...result, notices };
  },
};
