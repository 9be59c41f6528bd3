import { useEffect, useRef, useState } from 'preact/hooks';
import { t, tn } from '../lib/i18n/translate';
import { AUTO_LOCK_CHOICES, CLIPBOARD_CLEAR_CHOICES, type Preferences } from '../lib/vault/settings';
import { ChangePasswordForm, type PasswordChanged } from './ChangePasswordForm';
import { failureOf } from './errors';
import { type SiteOverridesApi, SiteOverridesPanel } from './SiteOverridesPanel';
import { SubmitResult } from './SubmitResult';
import { ViewHeader } from './ViewHeader';

/** "1 minute", "15 minutes", "1 hour", "4 hours", "1 day". */
export function minutesLabel(minutes: number): string {
  if (minutes % 1440 === 0) return tn('popup_auto_lock_days', minutes / 1440);
  if (minutes % 60 === 0) return tn('popup_auto_lock_hours', minutes / 60);
  return tn('popup_auto_lock_minutes', minutes);
}

export interface SettingsViewProps {
  load(): Promise<Preferences>;
  save(settings: Preferences): Promise<void>;
  changePassword(current: string, next: string): Promise<PasswordChanged>;
  /** Opens the options page (backup, restore, import, export) at a section. */
  onManage?(section: 'backup' | 'import' | 'export' | 'keys' | 'security-keys' | 'sync' | 'deleted'): void;
  /** Hardware keys need WebHID (Chromium); the entry is hidden elsewhere. */
  keysAvailable?: boolean;
  /** Sites with no offers and marked fields (README "When a field is missed"); the list is left out without it. */
  siteOverrides?: SiteOverridesApi;
  onBack(): void;
}

/** Preferences, saved as soon as they change; and the master password. */
export function SettingsView({
  load,
  save,
  changePassword,
  onManage,
  keysAvailable,
  siteOverrides,
  onBack,
}: SettingsViewProps) {
  const [settings, setSettings] = useState<Preferences>();
  const [status, setStatus] = useState<{ ok: boolean; message: string }>();

  const autoLock = useRef<HTMLSelectElement>(null);

  /** The settings as the background last confirmed them: each change is saved from there, one after another. */
  const saved = useRef<Preferences>();
  const saving = useRef(Promise.resolve());

  useEffect(() => {
    load().then(
      (loaded) => {
        saved.current = loaded;
        setSettings(loaded);
      },
      (e) => setStatus({ ok: false, message: failureOf(e).message }),
    );
  }, [load]);

  // The view opens with focus on its first field, which stays disabled until the settings arrive; a focus
  // lost meanwhile (to the page itself) goes there once it can take it, so keyboard users start in the view.
  const loaded = settings !== undefined;
  useEffect(() => {
    if (loaded && (document.activeElement === document.body || document.activeElement === null)) {
      autoLock.current?.focus();
    }
  }, [loaded]);

  /**
   * Saves one change. The view shows a setting as the background stored it: the new value once the save answered
   * ok; after a failure, the stored value again (a new object, so the control clicked is redrawn) and why.
   */
  function update(patch: Partial<Preferences>) {
    saving.current = saving.current.then(async () => {
      const before = saved.current;
      if (!before) return;
      const next = { ...before, ...patch };
      try {
        await save(next);
        saved.current = next;
        setSettings(next);
        setStatus({ ok: true, message: t('popup_saved') });
      } catch (e) {
        setSettings({ ...before });
        setStatus({ ok: false, message: failureOf(e).message });
      }
    });
  }

  const choices: readonly number[] = AUTO_LOCK_CHOICES.includes(
    settings?.autoLockMinutes as (typeof AUTO_LOCK_CHOICES)[number],
  )
    ? AUTO_LOCK_CHOICES
    : [...AUTO_LOCK_CHOICES, settings?.autoLockMinutes ?? 15].sort((a, b) => a - b);

  return (
    <main class="screen">
      <ViewHeader title={t('popup_settings')} onBack={onBack} />
      <form id="settings-form" class="stack" onSubmit={(e) => e.preventDefault()} aria-busy={settings === undefined}>
        <section class="group" aria-labelledby="security-heading">
          <h2 id="security-heading">{t('popup_security')}</h2>
          <div class="field inline-field">
            <label for="auto-lock">{t('popup_lock_after')}</label>
            <select
              id="auto-lock"
              ref={autoLock}
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
            {t('popup_lock_after_hint')}
          </p>
          <div class="field inline-field">
            <label for="clipboard-clear">{t('lifecycle_clipboard_clear_after')}</label>
            <select
              id="clipboard-clear"
              disabled={!settings}
              value={String(settings?.clipboardClearSeconds ?? 30)}
              onChange={(e) => update({ clipboardClearSeconds: Number(e.currentTarget.value) })}
            >
              {CLIPBOARD_CLEAR_CHOICES.map((s) => (
                <option key={s} value={String(s)}>
                  {t('lifecycle_seconds', s)}
                </option>
              ))}
            </select>
          </div>
          {onManage && (
            <div class="manage-links">
              <button type="button" id="open-security-keys" onClick={() => onManage('security-keys')}>
                {t('prfui_open_panel')}
              </button>
            </div>
          )}
        </section>

        <fieldset class="group" disabled={!settings}>
          <legend>{t('popup_fill_heading')}</legend>
          <label class="choice">
            <input
              type="radio"
              name="fill-mode"
              value="click"
              checked={settings?.fillMode === 'click'}
              onChange={() => update({ fillMode: 'click' })}
            />
            <span>{t('popup_fill_click')}</span>
          </label>
          <label class="choice">
            <input
              type="radio"
              name="fill-mode"
              value="auto-single"
              checked={settings?.fillMode === 'auto-single'}
              onChange={() => update({ fillMode: 'auto-single' })}
            />
            <span>{t('popup_fill_auto_single')}</span>
          </label>
          <label class="choice">
            <input
              type="checkbox"
              id="submit-after-fill"
              checked={settings?.submitAfterFill ?? false}
              onChange={(e) => update({ submitAfterFill: e.currentTarget.checked })}
            />
            <span>{t('popup_submit_after_fill')}</span>
          </label>
        </fieldset>

        <fieldset class="group" disabled={!settings}>
          <legend>{t('popup_backups')}</legend>
          <label class="choice">
            <input
              type="checkbox"
              id="backup-reminder"
              checked={settings?.backupReminder ?? true}
              onChange={(e) => update({ backupReminder: e.currentTarget.checked })}
            />
            <span>{t('popup_backup_reminder')}</span>
          </label>
          {onManage && (
            <div class="manage-links">
              <button type="button" id="open-backup" onClick={() => onManage('backup')}>
                {t('popup_open_backup')}
              </button>
              <button type="button" id="open-import" onClick={() => onManage('import')}>
                {t('popup_open_import')}
              </button>
              <button type="button" id="open-export" onClick={() => onManage('export')}>
                {t('popup_open_export')}
              </button>
              <button type="button" id="open-sync" onClick={() => onManage('sync')}>
                {t('syncui_open_panel')}
              </button>
              <button type="button" id="open-deleted" onClick={() => onManage('deleted')}>
                {t('organise_open_deleted')}
              </button>
              {keysAvailable && (
                <button type="button" id="open-keys" onClick={() => onManage('keys')}>
                  {t('popup_open_keys')}
                </button>
              )}
            </div>
          )}
        </fieldset>
        <SubmitResult id="settings-status" result={status} />
      </form>

      {siteOverrides && <SiteOverridesPanel {...siteOverrides} />}

      <section class="group" aria-labelledby="password-heading">
        <h2 id="password-heading">{t('popup_change_password')}</h2>
        <ChangePasswordForm onChange={changePassword} />
      </section>
    </main>
  );
}
