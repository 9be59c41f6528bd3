import { t } from '../lib/i18n/translate';

/** The app's mark and name, for the setup and unlock screens. */
export function Brand({ subtitle }: { subtitle: string }) {
  return (
    <div class="brand">
      <svg class="brand-mark" viewBox="0 0 32 32" width="40" height="40" aria-hidden="true" focusable="false">
        <rect x="2" y="2" width="28" height="28" rx="8" fill="var(--accent)" />
        <path d="M10 11h12M16 11v11" stroke="var(--on-accent)" stroke-width="3" stroke-linecap="round" fill="none" />
        <circle cx="23" cy="22" r="2" fill="var(--on-accent)" />
      </svg>
      <h1>{t('common_app_name')}</h1>
      <p class="brand-subtitle">{subtitle}</p>
    </div>
  );
}
