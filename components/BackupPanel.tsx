import { useState } from 'preact/hooks';
import type { BackupReminder } from '../lib/backup/reminder';
import { failureOf } from './errors';
import { Field } from './Field';
import { MIN_PASSWORD_LENGTH } from './password-strength';
import { StrengthMeter } from './StrengthMeter';

export interface BackupPanelProps {
  status: BackupReminder | undefined;
  /** Writes the backup and saves the file; resolves with what was saved. */
  onBackup(password: string): Promise<{ fileName: string; accounts: number; created: number }>;
  /** The user confirms the file was saved: the reminder counts from the backup's time. */
  onSaved(created: number): Promise<void>;
}

function when(ms: number | undefined): string {
  return ms === undefined ? 'never' : new Date(ms).toLocaleString();
}

/** "Back up now": a password for the file (twice), then the browser saves it. */
export function BackupPanel({ status, onBackup, onSaved }: BackupPanelProps) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [result, setResult] = useState<{ ok: boolean; message: string }>();
  const [busy, setBusy] = useState(false);
  /** The backup just handed to the browser's download, until the user says it was saved. */
  const [pending, setPending] = useState<{ fileName: string; created: number }>();

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setResult(undefined);
    if (password.length < MIN_PASSWORD_LENGTH)
      return setResult({
        ok: false,
        message: `Use at least ${MIN_PASSWORD_LENGTH} characters for the backup password.`,
      });
    if (password !== confirm) return setResult({ ok: false, message: 'The passwords do not match.' });
    setBusy(true);
    try {
      const saved = await onBackup(password);
      setPassword('');
      setConfirm('');
      setPending({ fileName: saved.fileName, created: saved.created });
      setResult({
        ok: true,
        message: `${saved.fileName} (${saved.accounts === 1 ? '1 account' : `${saved.accounts} accounts`}) was handed to the browser to save. Keep it somewhere other than this computer.`,
      });
    } catch (err) {
      setResult({ ok: false, message: failureOf(err).message });
    }
    setBusy(false);
  }

  return (
    <section class="panel" id="backup" aria-labelledby="backup-title">
      <h2 id="backup-title">Back up</h2>
      <p id="backup-status" class={status?.due ? 'notice' : 'hint'}>
        Last backup: {when(status?.lastBackupAt)}. {status?.message}
      </p>
      <p class="hint">
        The backup is one file, encrypted with its own password (scrypt and AES-256-GCM). It opens in Twofold, or with
        the small decrypt tool in Twofold’s source, so your accounts are never locked in.
      </p>
      <form id="backup-form" class="stack" onSubmit={submit} aria-busy={busy} noValidate>
        <Field id="backup-password" label="Password for the backup file">
          <input
            id="backup-password"
            type="password"
            autocomplete="new-password"
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        <StrengthMeter id="backup-strength" password={password} />
        <Field id="backup-confirm" label="Type it again">
          <input
            id="backup-confirm"
            type="password"
            autocomplete="new-password"
            value={confirm}
            onInput={(e) => setConfirm(e.currentTarget.value)}
          />
        </Field>
        <button type="submit" id="backup-save" class="primary" disabled={busy}>
          {busy ? 'Encrypting…' : 'Download backup'}
        </button>
        {result && (
          <p id="backup-result" class={result.ok ? 'success' : 'error'} role={result.ok ? 'status' : 'alert'}>
            {result.message}
          </p>
        )}
        {pending && (
          <div class="row" id="backup-confirm-saved">
            <button
              type="button"
              id="backup-saved"
              onClick={async () => {
                try {
                  await onSaved(pending.created);
                  setPending(undefined);
                  setResult({ ok: true, message: `Backup recorded: ${pending.fileName}.` });
                } catch (err) {
                  setResult({ ok: false, message: failureOf(err).message });
                }
              }}
            >
              I saved the file
            </button>
            <span class="hint">
              Twofold keeps reminding you until you confirm; a cancelled download is not a backup.
            </span>
          </div>
        )}
      </form>
    </section>
  );
}
