import en from '../../locales/en/options.json';
import reenrolEn from '../../locales/en/reenrol.json';
import { bytesEqual } from '../encoding/bytes';
import { differencesOf } from '../enrol/review';
import { type Text, textsOf } from '../i18n/text';
import { type CodesSideBySide, codesSideBySide, codesWouldChange } from '../otp/carried';
import type { Account, PreviousKey, RecoveryCode } from '../vault/account-data';
import { mergeHistories } from '../vault/key-history';
import type { ChangePlan } from '../vault/vault';

/*
 * Restore preview and plan (docs/backup-format.md "Restore"). Accounts are matched by secret bytes: the key is the
 * account; names, sites and notes are what may differ. A re-enrolled account (docs/enrolment.md "What a scan means") is
 * matched through its previous keys too: one copy's key in the other's history.
 */

/** For a re-enrolled account (one copy's key is a previous key of the other): which copy holds the newer key. */
export type NewerKey = 'vault' | 'backup';

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
   * vault's version unless the user takes this one: a wrong period or type locks the person out
   * (docs/import-export.md "Review of a key Twofold already has").
   */
  codes?: CodesSideBySide;
  /**
   * For a conflict matched through previous keys (the account was set up again since one of the copies): the
   * copy whose key is newer. A merge keeps that one by default (docs/backup-format.md "Restore").
   */
  newer?: NewerKey;
}

export interface RestorePreview {
  items: RestoreItem[];
  /** Vault accounts the backup does not hold: kept by a merge, deleted by a replace. */
  onlyInVault: Account[];
}

const text = textsOf(en);
const reenrolText = textsOf(reenrolEn);

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
  const conflictOrIdentical = (index: number, b: Account, existing: Account, newer?: NewerKey): RestoreItem => {
    matched.add(existing.id);
    const diff = differences(existing, b);
    if (newer)
      diff.unshift(reenrolText(newer === 'vault' ? 'reenrol_restore_vault_newer' : 'reenrol_restore_backup_newer'));
    if (diff.length === 0) return { index, backup: b, status: 'identical', existing, differences: diff };
    const otp = takenOtp(existing, b);
    const codes =
      unixSeconds !== undefined && (newer !== undefined || codesWouldChange(existing.otp, otp))
        ? codesSideBySide(existing.otp, otp, unixSeconds)
        : undefined;
    return {
      index,
      backup: b,
      status: 'conflict',
      existing,
      differences: diff,
      ...(codes ? { codes } : {}),
      ...(newer ? { newer } : {}),
    };
  };
  // First by the key itself, so an account whose own key is in the backup is never claimed through a previous key.
  const first = backup.map((b, index): RestoreItem | undefined => {
    if (backup.slice(0, index).some((e) => bytesEqual(e.otp.secret, b.otp.secret))) {
      return { index, backup: b, status: 'repeat', differences: [] };
    }
    const existing = vault.find((v) => bytesEqual(v.otp.secret, b.otp.secret));
    return existing ? conflictOrIdentical(index, b, existing) : undefined;
  });
  // Then through previous keys: a backup taken before (or after) a re-enrolment holds the same account with
  // another key. Adding it as new would bring back a dead key as a second account.
  const items = first.map((item, index): RestoreItem => {
    if (item) return item;
    const b = backup[index] as Account;
    for (const v of vault) {
      if (matched.has(v.id)) continue;
      const newer = newerKey(v, b);
      if (newer) return conflictOrIdentical(index, b, v, newer);
    }
    return { index, backup: b, status: 'new', differences: [] };
  });
  return { items, onlyInVault: vault.filter((v) => !matched.has(v.id)) };
}

/**
 * When one copy's key is a previous key of the other, which copy's key is newer: the one whose key the other
 * lists as replaced. When each lists the other's key (a key restored after a re-enrolment), the later
 * replacement tells which key is in use; equal times fall back to the later-edited copy (`updatedAt`).
 * Undefined when neither history holds the other's key.
 */
export function newerKey(vault: Account, backup: Account): NewerKey | undefined {
  const holds = (history: readonly PreviousKey[] | undefined, key: Uint8Array) =>
    history?.find((h) => bytesEqual(h.otp.secret, key));
  const vaultKeyReplacedInBackup = holds(backup.history, vault.otp.secret);
  const backupKeyReplacedInVault = holds(vault.history, backup.otp.secret);
  if (!vaultKeyReplacedInBackup && !backupKeyReplacedInVault) return undefined;
  if (!backupKeyReplacedInVault) return 'backup';
  if (!vaultKeyReplacedInBackup) return 'vault';
  if (vaultKeyReplacedInBackup.replacedAt !== backupKeyReplacedInVault.replacedAt)
    return vaultKeyReplacedInBackup.replacedAt > backupKeyReplacedInVault.replacedAt ? 'backup' : 'vault';
  return backup.updatedAt > vault.updatedAt ? 'backup' : 'vault';
}

/**
 * Recovery codes of both, each once; a code used in either is used, and a code superseded by a newer set in either
 * stays superseded (docs/vault-format.md "Account record"; the earlier time wins for each).
 */
export function mergeRecoveryCodes(a: readonly RecoveryCode[], b: readonly RecoveryCode[]): RecoveryCode[] {
  const byCode = new Map<string, RecoveryCode>();
  const earliest = (x: number | undefined, y: number | undefined) =>
    x === undefined ? y : y === undefined ? x : Math.min(x, y);
  for (const c of [...a, ...b]) {
    const seen = byCode.get(c.code);
    const usedAt = earliest(seen?.usedAt, c.usedAt);
    const supersededAt = earliest(seen?.supersededAt, c.supersededAt);
    byCode.set(c.code, {
      code: c.code,
      ...(usedAt !== undefined ? { usedAt } : {}),
      ...(supersededAt !== undefined ? { supersededAt } : {}),
    });
  }
  return [...byCode.values()];
}

/** The backup's key parameters as a take would store them: an HOTP counter never moves back (for the same key). */
function takenOtp(existing: Account, backup: Account): Account['otp'] {
  return existing.otp.kind === 'hotp' &&
    backup.otp.kind === 'hotp' &&
    bytesEqual(existing.otp.secret, backup.otp.secret) &&
    existing.otp.counter > backup.otp.counter
    ? { ...backup.otp, counter: existing.otp.counter }
    : backup.otp;
}

/**
 * Previous keys of both copies, each once, for an account stored with key `kept`; for a re-enrolled account
 * the other copy's key too, when neither history holds it, replaced at `now`: a restore never loses a key that
 * can still be restored (docs/backup-format.md).
 */
function keptHistory(kept: Account['otp'], existing: Account, backup: Account, now: number | undefined): PreviousKey[] {
  const dropped = [existing.otp, backup.otp].filter((k) => !bytesEqual(k.secret, kept.secret));
  const lists = [existing.history, backup.history];
  const known = (k: Account['otp']) => lists.some((l) => l?.some((h) => bytesEqual(h.otp.secret, k.secret)));
  const extra = dropped
    .filter((k) => !known(k))
    .map((otp) => ({
      otp,
      replacedAt: now ?? Math.max(existing.updatedAt, backup.updatedAt),
    }));
  return mergeHistories(kept, extra, ...lists);
}

/** The backup's version of an account, without losing what the vault knows: used codes, a counter that moved on. */
function taken(existing: Account, backup: Account, now: number | undefined): Partial<Account> {
  const otp = takenOtp(existing, backup);
  // Previous keys (docs/vault-format.md) of both copies, so a restore never loses a key that can still be restored.
  const history = keptHistory(otp, existing, backup, now);
  return {
    otp,
    sites: backup.sites,
    notes: backup.notes,
    recoveryCodes: mergeRecoveryCodes(existing.recoveryCodes, backup.recoveryCodes),
    pinned: backup.pinned,
    history,
    // A backup written before groups has none: the vault's group stays (docs/backup-format.md "Plaintext").
    ...(backup.group ? { group: backup.group } : {}),
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
  ...(b.group ? { group: b.group } : {}),
});

/**
 * The vault change for a restore, computed against the vault as it is when it runs (pass it to
 * `UnlockedVault.applyMany`):
 * - merge: new accounts are added; each conflict keeps the vault's version unless `take` lists its
 *   backup index; nothing is deleted. A re-enrolled account whose vault version is kept still gains the
 *   backup's previous keys (and the backup's key, as a previous key).
 * - replace: the vault becomes the backup: conflicts take the backup's version, accounts only in the
 *   vault are deleted. A re-enrolled account's vault key then goes into its previous keys.
 * `now` dates a key that a restore moves into an account's previous keys (the background passes its clock;
 * without it, the later of the two copies' `updatedAt`).
 */
export function restorePlan(
  backup: readonly Account[],
  mode: 'merge' | 'replace',
  take: ReadonlySet<number>,
  now?: number,
): (vault: readonly Account[]) => ChangePlan {
  return (vault) => {
    const preview = previewRestore(backup, vault);
    const adds = preview.items.filter((i) => i.status === 'new').map((i) => asNew(i.backup));
    const updates: ChangePlan['updates'][number][] = [];
    for (const i of preview.items) {
      if (i.status !== 'conflict' || !i.existing) continue;
      if (mode === 'replace' || take.has(i.index)) {
        updates.push({ id: i.existing.id, patch: taken(i.existing, i.backup, now) });
      } else if (i.newer) {
        const history = keptHistory(i.existing.otp, i.existing, i.backup, now);
        const had = i.existing.history ?? [];
        if (history.some((h) => !had.some((o) => bytesEqual(o.otp.secret, h.otp.secret))))
          updates.push({ id: i.existing.id, patch: { history } });
      }
    }
    const removes = mode === 'replace' ? preview.onlyInVault.map((a) => a.id) : [];
    return { adds, updates, removes };
  };
}
