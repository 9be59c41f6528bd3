import en from '../../locales/en/options.json';
import { bytesEqual } from '../encoding/bytes';
import { differencesOf } from '../enrol/review';
import { type Text, textsOf } from '../i18n/text';
import { type CodesSideBySide, codesSideBySide, codesWouldChange } from '../otp/carried';
import type { Account, RecoveryCode } from '../vault/account-data';
import { mergeHistories } from '../vault/key-history';
import type { ChangePlan } from '../vault/vault';

/*
 * Restore preview and plan (docs/backup-format.md "Restore"). Accounts are matched by secret bytes:
 * the key is the account; names, sites and notes are what may differ.
 */

/** `repeat`: the backup holds this key earlier already (the first one is used). */
export type RestoreStatus = 'new' | 'identical' | 'conflict' | 'repeat';

export interface RestoreItem {
  /** Position in the backup. */
  index: number;
  backup: Account;
  status: RestoreStatus;
  existing?: Account;
  /** For conflicts: what differs, in words. */
  differences: Text[];
  /**
   * For conflicts whose backup version makes other codes (type, algorithm, digits, period, counter):
   * the vault's and the backup's current code, when the preview was given the time. A merge keeps the
   * vault's version unless the user takes this one (issue 15 finding 8).
   */
  codes?: CodesSideBySide;
}

export interface RestorePreview {
  items: RestoreItem[];
  /** Vault accounts the backup does not hold: kept by a merge, deleted by a replace. */
  onlyInVault: Account[];
}

const text = textsOf(en);

const sameList = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const codesKey = (codes: readonly RecoveryCode[]) => JSON.stringify(codes.map((c) => [c.code, c.usedAt ?? null]));

function differences(vault: Account, backup: Account): Text[] {
  const out = differencesOf(vault.otp, backup.otp);
  const sites = (list: readonly string[]) => list.join(', ') || text('options_restore_diff_none');
  if (!sameList(vault.sites, backup.sites))
    out.push(text('options_restore_diff_sites', sites(vault.sites), sites(backup.sites)));
  if (vault.notes !== backup.notes) out.push(text('options_restore_diff_notes'));
  if (codesKey(vault.recoveryCodes) !== codesKey(backup.recoveryCodes))
    out.push(text('options_restore_diff_recovery_codes'));
  return out;
}

export function previewRestore(
  backup: readonly Account[],
  vault: readonly Account[],
  unixSeconds?: number,
): RestorePreview {
  const matched = new Set<string>();
  const items = backup.map((b, index): RestoreItem => {
    if (backup.slice(0, index).some((e) => bytesEqual(e.otp.secret, b.otp.secret))) {
      return { index, backup: b, status: 'repeat', differences: [] };
    }
    const existing = vault.find((v) => bytesEqual(v.otp.secret, b.otp.secret));
    if (!existing) return { index, backup: b, status: 'new', differences: [] };
    matched.add(existing.id);
    const diff = differences(existing, b);
    if (diff.length === 0) return { index, backup: b, status: 'identical', existing, differences: diff };
    const otp = takenOtp(existing, b);
    const codes =
      unixSeconds !== undefined && codesWouldChange(existing.otp, otp)
        ? codesSideBySide(existing.otp, otp, unixSeconds)
        : undefined;
    return { index, backup: b, status: 'conflict', existing, differences: diff, ...(codes ? { codes } : {}) };
  });
  return { items, onlyInVault: vault.filter((v) => !matched.has(v.id)) };
}

/** Recovery codes of both, each once; a code used in either is used (the earlier time wins). */
export function mergeRecoveryCodes(a: readonly RecoveryCode[], b: readonly RecoveryCode[]): RecoveryCode[] {
  const byCode = new Map<string, RecoveryCode>();
  for (const c of [...a, ...b]) {
    const seen = byCode.get(c.code);
    const usedAt = [seen?.usedAt, c.usedAt].filter((t): t is number => t !== undefined);
    byCode.set(c.code, usedAt.length > 0 ? { code: c.code, usedAt: Math.min(...usedAt) } : { code: c.code });
  }
  return [...byCode.values()];
}

/** The backup's key parameters as a take would store them: an HOTP counter never moves back. */
function takenOtp(existing: Account, backup: Account): Account['otp'] {
  return existing.otp.kind === 'hotp' && backup.otp.kind === 'hotp' && existing.otp.counter > backup.otp.counter
    ? { ...backup.otp, counter: existing.otp.counter }
    : backup.otp;
}

/** The backup's version of an account, without losing what the vault knows: used codes, a counter that moved on. */
function taken(existing: Account, backup: Account): Partial<Account> {
  const otp = takenOtp(existing, backup);
  // Previous keys (docs/vault-format.md) of both copies, so a restore never loses a key that can still be restored.
  const history = mergeHistories(otp, existing.history, backup.history);
  return {
    otp,
    sites: backup.sites,
    notes: backup.notes,
    recoveryCodes: mergeRecoveryCodes(existing.recoveryCodes, backup.recoveryCodes),
    pinned: backup.pinned,
    history,
  };
}

const asNew = (b: Account) => ({
  createdAt: b.createdAt,
  otp: b.otp,
  sites: b.sites,
  notes: b.notes,
  recoveryCodes: b.recoveryCodes,
  pinned: b.pinned,
  ...(b.history && b.history.length > 0 ? { history: b.history } : {}),
});

/**
 * The vault change for a restore, computed against the vault as it is when it runs (pass it to
 * `UnlockedVault.applyMany`):
 * - merge: new accounts are added; each conflict keeps the vault's version unless `take` lists its
 *   backup index; nothing is deleted.
 * - replace: the vault becomes the backup: conflicts take the backup's version, accounts only in the
 *   vault are deleted.
 */
export function restorePlan(
  backup: readonly Account[],
  mode: 'merge' | 'replace',
  take: ReadonlySet<number>,
): (vault: readonly Account[]) => ChangePlan {
  return (vault) => {
    const preview = previewRestore(backup, vault);
    const adds = preview.items.filter((i) => i.status === 'new').map((i) => asNew(i.backup));
    const updates = preview.items
      .filter((i) => i.status === 'conflict' && i.existing && (mode === 'replace' || take.has(i.index)))
      .map((i) => ({ id: (i.existing as Account).id, patch: taken(i.existing as Account, i.backup) }));
    const removes = mode === 'replace' ? preview.onlyInVault.map((a) => a.id) : [];
    return { adds, updates, removes };
  };
}
