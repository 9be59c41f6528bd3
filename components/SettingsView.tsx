import { useEffect, useState } from 'preact/hooks';
import { AUTO_LOCK_CHOICES, type Settings } from '../lib/vault/settings';
import { ChangePasswordForm } from './ChangePasswordForm';
import { failureOf } from './errors';
import { ViewHeader } from './ViewHeader';

/** "1 minute", "15 minutes", "1 hour", "4 hours", "1 day". */
export function minutesLabel(minutes: number): string {
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  if (minutes % 1440 === 0) return plural(minutes / 1440, 'day');
  if (minutes % 60 === 0) return plural(minutes / 60, 'hour');
  return plural(minutes, 'minute');
}

export interface SettingsViewProps {
  load(): Promise<Settings>;
  save(settings: Settings): Promise<void>;
  changePassword(current: string, next: string): Promise<void>;
  /** Opens the options page (backup, restore, import, export) at a section. */
  onManage?(section: 'backup' | 'import' | 'export' | 'keys'): void;
  /** Hardware keys need WebHID (Chromium); the entry is hidden elsewhere. */
  keysAvailable?: boolean;
  onBack(): void;
}

/** Preferences, saved as soon as they change; and the master password. */
export function SettingsView({ load, save, changePassword, onManage, keysAvailable, onBack }: SettingsViewProps) {
  const [settings, setSettings] = useState<Settings>();
  const [status, setStatus] = useState<{ ok: boolean; message: string }>();

  useEffect(() => {
    load().then(setSettings, (e) => setStatus({ ok: false, message: failureOf(e).message }));
  }, [load]);

  async function update(patch: Partial<Settings>) {
    if (!settings) return;
    const before = settings;
    const next = { ...settings, ...patch };
    setSettings(next);
    try {
      await save(next);
      setStatus({ ok: true, message: 'Saved.' });
    } catch (e) {
      setSettings(before);
      setStatus({ ok: false, message: failureOf(e).message });
    }
  }

  const choices: readonly number[] = AUTO_LOCK_CHOICES.includes(
    settings?.autoLockMinutes as (typeof AUTO_LOCK_CHOICES)[number],
  )
    ? AUTO_LOCK_CHOICES
    : [...AUTO_LOCK_CHOICES, settings?.autoLockMinutes ?? 15].sort((a, b) => a - b);

  return (
    <main class="screen">
      <ViewHeader title="Settings" onBack={onBack} />
      <form id="settings-form" class="stack" onSubmit={(e) => e.preventDefault()} aria-busy={settings === undefined}>
        <section class="group" aria-labelledby="security-heading">
          <h2 id="security-heading">Security</h2>
          <div class="field inline-field">
            <label for="auto-lock">Lock after</label>
            <select
              id="auto-lock"
              disabled={!settings}
              value={String(settings?.autoLockMinutes ?? 15)}
              aria-describedby="auto-lock-hint"
              onChange={(e) => update({ autoLockMinutes: Number(e.currentTarget.value) })}
            >
              {choices.map((m) => (
                <option key={m} value={String(m)}>
                  {minutesLabel(m)}
                </option>
              ))}
            </select>
          </div>
          <p class="hint" id="auto-lock-hint">
            Time without use before the vault locks. It also locks when the browser closes.
          </p>
        </section>

        <fieldset class="group" disabled={!settings}>
          <legend>Filling codes into pages</legend>
          <label class="choice">
            <input
              type="radio"
              name="fill-mode"
              value="click"
              checked={settings?.fillMode === 'click'}
              onChange={() => update({ fillMode: 'click' })}
            />
            <span>Fill when I click</span>
          </label>
          <label class="choice">
            <input
              type="radio"
              name="fill-mode"
              value="auto-single"
              checked={settings?.fillMode === 'auto-single'}
              onChange={() => update({ fillMode: 'auto-single' })}
            />
            <span>Fill by itself when exactly one account matches</span>
          </label>
          <label class="choice">
            <input
              type="checkbox"
              id="submit-after-fill"
              checked={settings?.submitAfterFill ?? false}
              onChange={(e) => update({ submitAfterFill: e.currentTarget.checked })}
            />
            <span>Submit the form after filling</span>
          </label>
        </fieldset>

        <fieldset class="group" disabled={!settings}>
          <legend>Backups</legend>
          <label class="choice">
            <input
              type="checkbox"
              id="backup-reminder"
              checked={settings?.backupReminder ?? true}
              onChange={(e) => update({ backupReminder: e.currentTarget.checked })}
            />
            <span>Remind me to back up after adding accounts</span>
          </label>
          {onManage && (
            <div class="manage-links">
              <button type="button" id="open-backup" onClick={() => onManage('backup')}>
                Back up or restore…
              </button>
              <button type="button" id="open-import" onClick={() => onManage('import')}>
                Import from another app…
              </button>
              <button type="button" id="open-export" onClick={() => onManage('export')}>
                Export or print…
              </button>
              {keysAvailable && (
                <button type="button" id="open-keys" onClick={() => onManage('keys')}>
                  Hardware keys…
                </button>
              )}
            </div>
          )}
        </fieldset>
        {status && (
          <p id="settings-status" class={status.ok ? 'success' : 'error'} role={status.ok ? 'status' : 'alert'}>
            {status.message}
          </p>
        )}
      </form>

      <section class="group" aria-labelledby="password-heading">
        <h2 id="password-heading">Change master password</h2>
        <ChangePasswordForm onChange={changePassword} />
      </section>
    </main>
  );
}
