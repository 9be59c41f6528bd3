import { useState } from 'preact/hooks';
import type { BackupReminder } from '../lib/backup/reminder';
import { dateTime, localize, t, tn } from '../lib/i18n/translate';
import { Field } from './Field';
import { MasterPasswordField } from './MasterPasswordField';
import { MIN_PASSWORD_LENGTH } from './password-strength';
import { StrengthMeter } from './StrengthMeter';
import { SubmitResult } from './SubmitResult';
import { useSubmit } from './use-submit';

export interface BackupPanelProps {
  status: BackupReminder | undefined;
  /** Writes the backup and saves the file; resolves with what was saved. */
  /** `master`: the master password typed again, checked by the background before it writes
   * (an open vault alone must not be enough to take every secret: docs/architecture.md attack 12). */
  onBackup(password: string, master: string): Promise<{ fileName: string; accounts: number; created: number }>;
  /** The user confirms the file was saved: the reminder counts from the backup's time. */
  onSaved(created: number): Promise<void>;
}

function lastBackup(ms: number | undefined): string {
  if (ms === undefined) return t('options_backup_last_never');
  return t('options_backup_last', dateTime(ms));
}

/**
 * Never backed up and nothing added: the vault has no account at all (every account counts as added before the
 * first backup, lib/backup/reminder.ts), so "never" and "every account is in your last backup" would both mislead.
 */
function nothingYet(status: BackupReminder): boolean {
  return status.lastBackupAt === undefined && status.added === 0;
}

/** "Back up now": a password for the file (twice), then the browser saves it. */
export function BackupPanel({ status, onBackup, onSaved }: BackupPanelProps) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [master, setMaster] = useState('');
  const { busy, result, run, done, fail, clear } = useSubmit();
  /** The backup just handed to the browser's download, until the user says it was saved. */
  const [pending, setPending] = useState<{ fileName: string; created: number }>();

  function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    clear();
    if (password.length < MIN_PASSWORD_LENGTH) return fail(t('options_backup_password_too_short', MIN_PASSWORD_LENGTH));
    if (password !== confirm) return fail(t('options_passwords_differ'));
    if (!master) return fail(t('exports_master_missing'));
    setMaster('');
    void run(async () => {
      const saved = await onBackup(password, master);
      setPassword('');
      setConfirm('');
      setPending({ fileName: saved.fileName, created: saved.created });
      done(tn('options_backup_handed', saved.accounts, saved.fileName));
    });
  }

  return (
    <section class="panel" id="backup" aria-labelledby="backup-title">
      <h2 id="backup-title">{t('options_backup_title')}</h2>
      <p id="backup-status" class={status?.due ? 'notice' : 'hint'}>
        {status && nothingYet(status)
          ? t('welcome_backup_nothing')
          : [lastBackup(status?.lastBackupAt), ' ', status && localize(status.message)]}
      </p>
      <p class="hint">{t('options_backup_about')}</p>
      <form id="backup-form" class="stack" onSubmit={submit} aria-busy={busy} noValidate>
        <Field id="backup-password" label={t('options_backup_password_label')}>
          <input
            id="backup-password"
            type="password"
            autocomplete="new-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <StrengthMeter id="backup-strength" password={password} />
        <Field id="backup-confirm" label={t('options_password_again_label')}>
          <input
            id="backup-confirm"
            type="password"
            autocomplete="new-password"
            value={confirm}
            onInput={(e) => setConfirm(e.currentTarget.value)}
          />
        </Field>
        <MasterPasswordField id="backup-master" value={master} onInput={setMaster} />
        <button type="submit" id="backup-save" class="primary" disabled={busy}>
          {busy ? t('options_backup_encrypting') : t('options_backup_download')}
        </button>
        <SubmitResult id="backup-result" result={result} />
        {pending && (
          <div class="row" id="backup-confirm-saved">
            <button
              type="button"
              id="backup-saved"
              onClick={() =>
                void run(async () => {
                  await onSaved(pending.created);
                  setPending(undefined);
                  done(t('options_backup_recorded', pending.fileName));
                })
              }
            >
              {t('options_backup_saved_button')}
            </button>
            <span class="hint">{t('options_backup_saved_hint')}</span>
          </div>
        )}
      </form>
    </section>
  );
}
