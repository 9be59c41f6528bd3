import { openBackup, type ScryptParams, writeBackup } from '../../lib/backup/format';
import { backupFileName, backupReminder, NOTICE_HIDDEN_MS, withNoticeHidden } from '../../lib/backup/reminder';
import { previewRestore, restorePlan } from '../../lib/backup/restore';
import { restoreKeyBytes } from '../../lib/backup/restore-key';
import { accountName } from '../../lib/enrol/review';
import { textsOf } from '../../lib/i18n/text';
import type { RequestMap, ResponseMap } from '../../lib/messaging/protocol';
import type { Account } from '../../lib/vault/account-data';
import { VaultError } from '../../lib/vault/errors';
import type { VaultSession } from '../../lib/vault/session';
import type { Effects } from '../../lib/vault/slots';
import en from '../../locales/en/options.json';

const text = textsOf(en);

const nameOf = (a: Account) => accountName(a.otp.issuer, a.otp.account);

/**
 * Backup and restore (docs/backup-format.md) in the background, the only context that opens the vault. Restores are
 * stateless: the page sends the file and the key it derived again to apply, so a worker restart between the
 * preview and the click loses nothing; the decrypted accounts never leave this context. The key is derived in the
 * options page's worker, never here (docs/backup-format.md "Where the key is derived"): opening with it is one
 * AES-GCM pass, so pages' code requests are answered while a restore runs.
 */
export class Backups {
  constructor(
    private readonly session: VaultSession,
    private readonly fx: Effects,
    /** Tests pass cheaper parameters; the file records whichever were used. */
    private readonly scrypt?: ScryptParams,
  ) {}

  async create(req: RequestMap['backup-create']): Promise<ResponseMap['backup-create']> {
    const vault = await this.session.require();
    // Whoever chose the backup's password can open it: the master password is asked again first.
    await this.session.confirmPassword(req.masterPassword);
    const accounts = vault.accounts();
    const text = await writeBackup(accounts, req.password, {
      random: this.fx.random,
      now: this.fx.now,
      ...(this.scrypt ? { scrypt: this.scrypt } : {}),
    });
    const now = this.fx.now();
    // Not recorded yet: only when the page says the file was saved (`backup-saved`).
    return { text, fileName: backupFileName(now), accounts: accounts.length, created: now };
  }

  async status(): Promise<ResponseMap['backup-status']> {
    const vault = await this.session.require();
    const { lastBackupAt, backupNoticeHiddenUntil } = await this.session.backupState();
    const { backupReminder: remind } = await this.session.preferences();
    const reminder = backupReminder(vault.accounts(), lastBackupAt || undefined, remind);
    // Dismissed in the popup: its notice waits until `hiddenUntil`; the options page still tells what is due.
    return withNoticeHidden(reminder, backupNoticeHiddenUntil, this.fx.now());
  }

  /** The popup's backup notice was dismissed: it stays away for {@link NOTICE_HIDDEN_DAYS} days. */
  async hideNotice(): Promise<ResponseMap['backup-notice-hide']> {
    await this.session.hideBackupNotice(this.fx.now() + NOTICE_HIDDEN_MS);
    return { ok: true };
  }

  async preview(req: RequestMap['restore-preview']): Promise<ResponseMap['restore-preview']> {
    const vault = await this.session.require();
    const { header, accounts } = await this.#open(req);
    const preview = previewRestore(accounts, vault.accounts(), Math.floor(this.fx.now() / 1000));
    return {
      created: header.created,
      accounts: accounts.length,
      items: preview.items.map((i) => ({
        index: i.index,
        name: nameOf(i.backup),
        status: i.status,
        differences: i.differences,
        ...(i.existing ? { existing: nameOf(i.existing) } : {}),
        ...(i.codes ? { codes: i.codes } : {}),
        ...(i.newer ? { newer: i.newer } : {}),
      })),
      onlyInVault: preview.onlyInVault.map(nameOf),
      onlyInVaultIds: preview.onlyInVault.map((a) => a.id),
    };
  }

  async apply(req: RequestMap['restore-apply']): Promise<ResponseMap['restore-apply']> {
    const vault = await this.session.require();
    const { header, accounts } = await this.#open(req);
    const plan = restorePlan(accounts, req.mode, new Set(req.take), this.fx.now());
    let removed = 0;
    const { added, updated } = await vault.applyMany((current) => {
      const change = plan(current);
      // Replace deletes only what the user was shown: an account added since the preview stops it.
      const removes = change.removes ?? [];
      const shown = new Set(req.expectRemoved);
      if (removes.length !== shown.size || removes.some((id) => !shown.has(id)))
        throw new VaultError('changed', text('options_restore_changed'));
      removed = removes.length;
      return change;
    });
    // The restored accounts are in that backup: the reminder counts from its time.
    await this.#recordBackupTime(header.created);
    return { added: added.length, updated: updated.length, removed };
  }

  #open(req: { text: string; key: string }) {
    const key = restoreKeyBytes(req.key, text('options_backup_wrong_password'));
    return openBackup(req.text, key).finally(() => key.fill(0));
  }

  /** The page saved the backup file: from now on the reminder counts from the backup's time. */
  async saved(req: RequestMap['backup-saved']): Promise<ResponseMap['backup-saved']> {
    await this.session.require();
    await this.#recordBackupTime(req.created);
    return { ok: true };
  }

  /** Moves the last backup time forward to a backup's time, never into the future (the session never moves it back). */
  async #recordBackupTime(created: number): Promise<void> {
    await this.session.recordBackup(Math.min(created, this.fx.now()));
  }
}
