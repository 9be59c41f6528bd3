import { t } from '../lib/i18n/translate';
import { OptionsLink } from './FirstRunWays';

/** Set up: the vault exists. Said first, so the tab tells what to do next and not what it lacks. */
export function FirstRunReady() {
  return (
    <section class="firstrun-ready" id="firstrun-ready" aria-labelledby="firstrun-ready-title">
      <h2 id="firstrun-ready-title" tabIndex={-1}>
        {t('welcome_ready_title')}
      </h2>
      <p>{t('welcome_ready_text')}</p>
    </section>
  );
}

/**
 * Unlocking with a passkey or security key, offered where the browser can do it (docs/vault-format.md "PRF key
 * slot"; added in the options page's security keys section); never required.
 */
export function FirstRunKey() {
  return (
    <section class="panel firstrun-card" id="firstrun-key" aria-labelledby="firstrun-key-title">
      <h2 id="firstrun-key-title">{t('welcome_key_title')}</h2>
      <p>{t('welcome_key_text')}</p>
      <OptionsLink id="firstrun-key-link" section="#security-keys" label={t('welcome_key_link')} />
    </section>
  );
}

/** Everything else is in the settings (the options page). */
export function FirstRunSettings() {
  return (
    <section class="panel firstrun-card" id="firstrun-settings" aria-labelledby="firstrun-settings-title">
      <h2 id="firstrun-settings-title">{t('welcome_settings_title')}</h2>
      <p>{t('welcome_settings_text')}</p>
      <OptionsLink id="firstrun-settings-link" section="" label={t('welcome_settings_link')} />
    </section>
  );
}
