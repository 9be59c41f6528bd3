import organiseEn from '../../locales/en/organise.json';
import { textsOf } from '../i18n/text';
import { type Account, fromAccountJson, toAccountJson } from './account-data';
import { NONCE_BYTES, open, seal } from './aead';
import { VaultError } from './errors';
import type { DeletedAccountView } from './view';

/*
 * "Recently deleted" (docs/vault-format.md "Recently deleted"): a deleted account is kept, sealed under the vault key
 * like every record, for 30 days; then it is erased at the next unlock. One record, `meta/"trash"`, holds every entry,
 * and its version is in the index, so a copy put back from before a "Delete forever" shows up and is not used.
 */

/** How long a deleted account can be restored. */
export const TRASH_DAYS = 30;
export const TRASH_MS = TRASH_DAYS * 24 * 60 * 60 * 1000;

/** One deleted account: the account as it was (same id, group, order), and when it was deleted. */
export interface TrashEntry {
  account: Account;
  deletedAt: number;
}

/** The record as stored in `meta/"trash"`. */
export interface SealedTrash {
  v: 2;
  version: number;
  nonce: Uint8Array;
  data: Uint8Array;
}

const text = textsOf(organiseEn);
const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });
const trashAad = (vaultId: string, version: number) =>
  encoder.encode(JSON.stringify(['twofold-vault/v2/trash', vaultId, version]));

export const trashUnreadable = (cause?: unknown) =>
  new VaultError('trash-unreadable', text('organise_trash_unreadable'), { recordId: 'trash', cause });

/** The JSON sealed: each entry's account as the account record's own JSON (so it is checked the same way). */
interface TrashJson {
  entries: { id: string; createdAt: number; deletedAt: number; data: string }[];
}

export async function sealTrash(
  vaultKey: Uint8Array,
  vaultId: string,
  version: number,
  entries: readonly TrashEntry[],
  random: (n: number) => Uint8Array,
): Promise<SealedTrash> {
  const json: TrashJson = {
    entries: entries.map((e) => ({
      id: e.account.id,
      createdAt: e.account.createdAt,
      deletedAt: e.deletedAt,
      data: toAccountJson(e.account),
    })),
  };
  const nonce = random(NONCE_BYTES);
  const data = await seal(vaultKey, nonce, encoder.encode(JSON.stringify(json)), trashAad(vaultId, version));
  return { v: 2, version, nonce, data };
}

const isTime = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/**
 * Opens the stored record. `expected` is the index's version (undefined when the index has none: any authentic
 * version is taken). Anything wrong (damaged, another vault's, rolled back, a bad entry): VaultError
 * ('trash-unreadable'); the caller opens the vault without it.
 */
export async function openTrash(
  vaultKey: Uint8Array,
  vaultId: string,
  raw: unknown,
  expected: number | undefined,
): Promise<{ entries: TrashEntry[]; version: number }> {
  const r = raw as Partial<SealedTrash> | undefined;
  if (
    typeof r !== 'object' ||
    r === null ||
    r.v !== 2 ||
    !Number.isSafeInteger(r.version) ||
    !(r.nonce instanceof Uint8Array) ||
    r.nonce.length !== NONCE_BYTES ||
    !(r.data instanceof Uint8Array)
  )
    throw trashUnreadable();
  const version = r.version as number;
  const plain = await open(vaultKey, r.nonce, r.data, trashAad(vaultId, version), () => trashUnreadable());
  if (expected !== undefined && version !== expected) throw trashUnreadable();
  try {
    const parsed = JSON.parse(decoder.decode(plain)) as Partial<TrashJson>;
    if (!Array.isArray(parsed.entries)) throw new Error('shape');
    const entries = parsed.entries.map((e) => {
      if (typeof e.id !== 'string' || !isTime(e.createdAt) || !isTime(e.deletedAt) || typeof e.data !== 'string')
        throw new Error('entry');
      return { account: fromAccountJson(e.data, e.id, e.createdAt), deletedAt: e.deletedAt };
    });
    return { entries, version };
  } catch (cause) {
    throw trashUnreadable(cause);
  }
}

/**
 * The entries still within 30 days at `now`; the rest are erased for good. A deletion dated after `now` (made while the
 * clock ran ahead) is taken as made now: it is never erased early, and never shown with more than 30 days left.
 */
export function unexpired(entries: readonly TrashEntry[], now: number): TrashEntry[] {
  return entries
    .map((e) => (e.deletedAt > now ? { ...e, deletedAt: now } : e))
    .filter((e) => now - e.deletedAt < TRASH_MS);
}

/** What "Recently deleted" lists, newest first: no secret. */
export function trashView(entries: readonly TrashEntry[]): DeletedAccountView[] {
  return [...entries]
    .sort((x, y) => y.deletedAt - x.deletedAt)
    .map(({ account: a, deletedAt }) => ({
      id: a.id,
      kind: a.otp.kind,
      issuer: a.otp.issuer,
      account: a.otp.account,
      ...(a.group ? { group: a.group } : {}),
      deletedAt,
      expiresAt: deletedAt + TRASH_MS,
    }));
}
