import { t, tn } from '../lib/i18n/translate';

/** What the tab's pages showed: how many two-factor QR codes, and a label for the first (`tab-status`). */
export type PageQrFound = { count: number; label?: string };

/**
 * The popup's first action when the tab shows a QR code carrying an otpauth link: "Add the QR code on this page"
 * (docs/qr-notice.md). The page found it itself, without a capture; the click opens the scan review of that code
 * (`scan-tab` reviews the page's own codes first). Renders nothing while no such code was found.
 */
export function PageQrAction({ found, onAdd }: { found: PageQrFound | undefined; onAdd(): void }) {
  if (!found) return null;
  return (
    <section id="page-qr" class="notice page-qr" aria-labelledby="page-qr-found">
      <p id="page-qr-found" style={{ margin: '0 0 6px' }}>
        {found.label === undefined ? tn('qrnotice_found', found.count) : <FoundFor {...found} label={found.label} />}
      </p>
      <button type="button" id="page-qr-add" class="primary" style={{ width: '100%' }} onClick={onAdd}>
        {t('qrnotice_add')}
      </button>
    </section>
  );
}

/** Marks where the label goes, so that it is emphasised inside a sentence each language orders its own way. */
const SLOT = '\uE000';

/** "Twofold found a two-factor QR code for Example: alice on this page.", one sentence with the label in bold. */
function FoundFor({ count, label }: { count: number; label: string }) {
  const [before = '', after = ''] = tn('qrfix_found_for', count, SLOT).split(SLOT);
  return (
    <>
      {before}
      <strong id="page-qr-label">{label}</strong>
      {after}
    </>
  );
}
