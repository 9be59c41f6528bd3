import type { SheetEntry } from '../lib/export/sheet';
import { QrCode } from './QrCode';

/**
 * The printable recovery sheet: each chosen account with its QR code, its secret and its unused
 * recovery codes. The page prints only this element (options.css `@media print`).
 */
export function RecoverySheet({ entries, printedAt }: { entries: SheetEntry[]; printedAt: string }) {
  return (
    <article class="sheet" id="recovery-sheet" aria-label="Recovery sheet">
      <header>
        <h2>Twofold recovery sheet</h2>
        <p class="sheet-warning" role="note">
          <strong>Keep this sheet as safe as the accounts themselves.</strong> Anyone who sees it can make your
          two-factor codes and use your recovery codes. Store it locked away, never photograph it, and destroy it (shred
          it) when you print a new one.
        </p>
        <p class="hint">
          Printed {printedAt}. To restore an account, scan its QR code with any authenticator app, or type the secret by
          hand.
        </p>
      </header>
      {entries.map((e) => (
        <section class="sheet-entry" key={e.id}>
          <QrCode text={e.uri} label={`QR code for ${e.name}`} size={150} />
          <div>
            <h3>{e.name}</h3>
            <p>{e.summary}</p>
            {e.sites.length > 0 && <p>Sites: {e.sites.join(', ')}</p>}
            <p>
              Secret: <code class="sheet-secret">{e.secret}</code>
            </p>
            {e.recoveryCodes.length > 0 ? (
              <>
                <p>Unused recovery codes:</p>
                <ul class="sheet-codes">
                  {e.recoveryCodes.map((c) => (
                    <li key={c}>
                      <code>{c}</code>
                    </li>
                  ))}
                </ul>
              </>
            ) : (
              <p class="hint">No unused recovery codes stored.</p>
            )}
          </div>
        </section>
      ))}
    </article>
  );
}
