import { t } from '../lib/i18n/translate';

/**
 * A link to a section of the options page, in a new tab so this page stays as the list of next steps. The options
 * page works on an empty vault: restore and import need no account to exist (docs/first-run.md).
 */
export function OptionsLink({ id, section, label }: { id: string; section: string; label: string }) {
  return (
    <a id={id} class="firstrun-link" href={`options.html${section}`} target="_blank" rel="noopener">
      {label}
      <span class="visually-hidden"> {t('welcome_opens_tab')}</span>
    </a>
  );
}

/** The three ways to get accounts in: scan on a site's 2FA page, import from another app, restore a backup. */
export function FirstRunWays() {
  return (
    <section class="panel firstrun-card" id="firstrun-ways" aria-labelledby="firstrun-ways-title">
      <h2 id="firstrun-ways-title">{t('welcome_ways_title')}</h2>
      <p>{t('welcome_ways_intro')}</p>
      <div class="firstrun-ways">
        <article class="firstrun-way" id="way-scan" aria-labelledby="way-scan-title">
          <h3 id="way-scan-title">{t('welcome_scan_title')}</h3>
          <ol>
            <li>{t('welcome_scan_step_open')}</li>
            <li>{t('welcome_scan_step_click')}</li>
            <li>{t('welcome_scan_step_add')}</li>
          </ol>
        </article>
        <article class="firstrun-way" id="way-import" aria-labelledby="way-import-title">
          <h3 id="way-import-title">{t('welcome_import_title')}</h3>
          <p>{t('welcome_import_text')}</p>
          <OptionsLink id="firstrun-import" section="#import" label={t('welcome_import_link')} />
        </article>
        <article class="firstrun-way" id="way-restore" aria-labelledby="way-restore-title">
          <h3 id="way-restore-title">{t('welcome_restore_title')}</h3>
          <p>{t('welcome_restore_text')}</p>
          <OptionsLink id="firstrun-restore" section="#restore" label={t('welcome_restore_link')} />
        </article>
      </div>
    </section>
  );
}
