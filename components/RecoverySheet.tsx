import type { SheetEntry } from '../lib/export/sheet';
import { localize, say, t, tn } from '../lib/i18n/translate';
import { QrCode } from './QrCode';

/**
 * The printable recovery sheet: each chosen account with its QR code, its secret and its unused
 * recovery codes. The page prints only this element (options.css `@media print`).
 */
export function RecoverySheet({ entries, printedAt }: { entries: SheetEntry[]; printedAt: string }) {
  return (
    <article class="sheet" id="recovery-sheet" aria-label={t('options_sheet_label')}>
      <header>
        <h2>{t('options_sheet_title')}</h2>
        <p class="sheet-warning" role="note">
          <strong>{t('options_sheet_warning_lead')}</strong> {t('options_sheet_warning')}
        </p>
        <p class="hint">{t('options_sheet_printed', printedAt)}</p>
      </header>
      {entries.map((e) => (
        <section class="sheet-entry" key={e.id}>
          <QrCode text={e.uri} label={t('options_sheet_qr_label', e.name)} size={150} />
          <div>
            <h3>{say(e.name)}</h3>
            <p>{localize(e.summary)}</p>
            {e.sites.length > 0 && <p>{t('options_sheet_sites', e.sites.join(', '))}</p>}
            <p>
              {t('options_sheet_secret')} <code class="sheet-secret">{e.secret}</code>
            </p>
            {e.recoveryCodes.length > 0 ? (
              <>
                <p>{t('options_sheet_codes')}</p>
                <ul class="sheet-codes">
                  {e.recoveryCodes.map((c) => (
                    <li key={c}>
                      <code>{c}</code>
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p class="hint">{t('options_sheet_no_codes')}</p>
            )}
            {e.usedRecoveryCodes > 0 && <p class="hint sheet-used">{tn('recovery_sheet_used', e.usedRecoveryCodes)}</p>}
          </div>
        </section>
      ))}
    </article>
  );
}
