import { useState } from 'preact/hooks';
import type { SheetEntry } from '../lib/export/sheet';
import { failureOf } from './errors';
import { Field } from './Field';
import { MIN_PASSWORD_LENGTH } from './password-strength';
import { QrCode } from './QrCode';
import { RecoverySheet } from './RecoverySheet';

export type FileFormat = 'aegis-encrypted' | 'aegis-plain' | 'uri-list';
type Format = FileFormat | 'google' | 'qr' | 'sheet';

export interface ExportPanelProps {
  accounts: { id: string; name: string }[];
  onFile(format: FileFormat, ids: string[], password: string | undefined): Promise<{ fileName: string }>;
  onMigration(ids: string[]): Promise<{ uris: string[]; skipped: { name: string; reason: string }[] }>;
  onSheet(ids: string[]): Promise<SheetEntry[]>;
  onPrint(): void;
}

const FORMATS: { value: Format; label: string; hint: string }[] = [
  { value: 'aegis-encrypted', label: 'Aegis vault, encrypted', hint: 'Aegis on Android imports it (Import → Aegis).' },
  {
    value: 'aegis-plain',
    label: 'Aegis vault, not encrypted',
    hint: 'For apps that read Aegis files but not its encryption.',
  },
  {
    value: 'uri-list',
    label: 'otpauth:// link list, not encrypted',
    hint: 'One link per line; most authenticators import it.',
  },
  {
    value: 'google',
    label: 'Google Authenticator QR codes',
    hint: 'Scan them with “Transfer accounts → Import” on the phone.',
  },
  { value: 'qr', label: 'QR code of one account', hint: 'Scan it with any authenticator app.' },
  { value: 'sheet', label: 'Printable recovery sheet', hint: 'QR codes, secrets and unused recovery codes on paper.' },
];

const UNENCRYPTED = new Set<Format>(['aegis-plain', 'uri-list']);

/** Every export but Twofold's own backup (which has its own panel): files, transfer QR codes, paper. */
export function ExportPanel({ accounts, onFile, onMigration, onSheet, onPrint }: ExportPanelProps) {
  const [format, setFormat] = useState<Format>('aegis-encrypted');
  const [chosen, setChosen] = useState<Set<string> | undefined>();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [one, setOne] = useState('');
  const [qr, setQr] = useState<{ uris: string[]; index: number; skipped: { name: string; reason: string }[] }>();
  const [sheet, setSheet] = useState<SheetEntry[]>();
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);

  const ids = format === 'qr' ? (one ? [one] : []) : accounts.map((a) => a.id).filter((id) => chosen?.has(id) ?? true);

  function pick(next: Format) {
    setFormat(next);
    setQr(undefined);
    setSheet(undefined);
    setMessage(undefined);
    setUnderstood(false);
  }

  async function run(e: Event) {
    e.preventDefault();
    if (busy) return;
    setMessage(undefined);
    if (ids.length === 0) return setMessage({ ok: false, text: 'Choose at least one account.' });
    if (format === 'aegis-encrypted') {
      if (password.length < MIN_PASSWORD_LENGTH)
        return setMessage({
          ok: false,
          text: `Use at least ${MIN_PASSWORD_LENGTH} characters for the export password.`,
        });
      if (password !== confirm) return setMessage({ ok: false, text: 'The passwords do not match.' });
    }
    if (UNENCRYPTED.has(format) && !understood)
      return setMessage({ ok: false, text: 'Confirm that you understand the file is not encrypted.' });
    setBusy(true);
    try {
      if (format === 'google' || format === 'qr') {
        if (format === 'qr') {
          const [entry] = await onSheet(ids);
          setQr({ uris: entry ? [entry.uri] : [], index: 0, skipped: [] });
        } else {
          const r = await onMigration(ids);
          setQr({ ...r, index: 0 });
        }
      } else if (format === 'sheet') {
        setSheet(await onSheet(ids));
      } else {
        const saved = await onFile(format, ids, format === 'aegis-encrypted' ? password : undefined);
        setPassword('');
        setConfirm('');
        setMessage({
          ok: true,
          text: `Saved ${saved.fileName} with ${ids.length === 1 ? '1 account' : `${ids.length} accounts`}.`,
        });
      }
    } catch (err) {
      setMessage({ ok: false, text: failureOf(err).message });
    }
    setBusy(false);
  }

  const description = FORMATS.find((f) => f.value === format);
  return (
    <section class="panel" id="export" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <form id="export-form" class="stack" onSubmit={run} aria-busy={busy} noValidate>
        <fieldset class="group">
          <legend>Format</legend>
          {FORMATS.map((f) => (
            <label class="check" key={f.value}>
              <input
                type="radio"
                name="export-format"
                value={f.value}
                checked={format === f.value}
                onChange={() => pick(f.value)}
              />
              {f.label}
            </label>
          ))}
          <p class="hint" id="export-format-hint">
            {description?.hint}
          </p>
        </fieldset>
        {format === 'qr' ? (
          <Field id="export-one" label="Account">
            <select id="export-one" value={one} onChange={(e) => setOne(e.currentTarget.value)}>
              <option value="">Choose an account</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <fieldset class="group export-accounts" id="export-accounts">
            <legend>
              Accounts ({ids.length} of {accounts.length})
            </legend>
            <label class="check">
              <input
                type="checkbox"
                id="export-all"
                checked={ids.length === accounts.length}
                onChange={(e) => setChosen(e.currentTarget.checked ? undefined : new Set())}
              />
              All accounts
            </label>
            {accounts.map((a) => (
              <label class="check" key={a.id}>
                <input
                  type="checkbox"
                  checked={ids.includes(a.id)}
                  onChange={(e) => {
                    const next = new Set(ids);
                    if (e.currentTarget.checked) next.add(a.id);
                    else next.delete(a.id);
                    setChosen(next);
                  }}
                />
                {a.name}
              </label>
            ))}
          </fieldset>
        )}
        {format === 'aegis-encrypted' && (
          <>
            <Field id="export-password" label="Password for the Aegis file">
              <input
                id="export-password"
                type="password"
                autocomplete="new-password"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </Field>
            <Field id="export-confirm" label="Type it again">
              <input
                id="export-confirm"
                type="password"
                autocomplete="new-password"
                value={confirm}
                onInput={(e) => setConfirm(e.currentTarget.value)}
              />
            </Field>
          </>
        )}
        {UNENCRYPTED.has(format) && (
          <div class="notice notice-error" id="export-warning" role="note">
            <p>
              This file is <strong>not encrypted</strong>: anyone who gets it can make your codes. Import it right away
              and delete it; never email it or keep it in a synced folder.
            </p>
            <label class="check">
              <input
                type="checkbox"
                id="export-understood"
                checked={understood}
                onChange={(e) => setUnderstood(e.currentTarget.checked)}
              />
              I understand
            </label>
          </div>
        )}
        {(format === 'google' || format === 'qr' || format === 'sheet') && (
          <p class="notice" role="note">
            {format === 'sheet'
              ? 'The sheet shows secrets on screen and on paper.'
              : 'The QR code shows secrets on screen: make sure nobody else can see it.'}
          </p>
        )}
        <button type="submit" id="export-go" class="primary" disabled={busy}>
          {format === 'google' || format === 'qr' ? 'Show QR code' : format === 'sheet' ? 'Show the sheet' : 'Download'}
        </button>
      </form>
      {message && (
        <p id="export-result" class={message.ok ? 'success' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
      {qr && (
        <div class="stack export-qr" id="export-qr">
          {qr.skipped.length > 0 && (
            <ul class="notice notice-error" id="export-skipped">
              {qr.skipped.map((s) => (
                <li key={s.name}>
                  {s.name}: {s.reason}
                </li>
              ))}
            </ul>
          )}
          {qr.uris.length > 0 && (
            <>
              <p role="status" id="export-qr-count">
                {qr.uris.length > 1 ? `QR code ${qr.index + 1} of ${qr.uris.length}` : 'Scan this QR code.'}
              </p>
              <QrCode
                text={qr.uris[qr.index] ?? ''}
                label={`Transfer QR code ${qr.index + 1} of ${qr.uris.length}`}
                size={260}
                id="export-qr-code"
              />
              {qr.uris.length > 1 && (
                <div class="row">
                  <button
                    type="button"
                    id="export-qr-prev"
                    disabled={qr.index === 0}
                    onClick={() => setQr({ ...qr, index: qr.index - 1 })}
                  >
                    Previous
                  </button>
                  <button
                    type="button"
                    id="export-qr-next"
                    disabled={qr.index === qr.uris.length - 1}
                    onClick={() => setQr({ ...qr, index: qr.index + 1 })}
                  >
                    Next
                  </button>
                </div>
              )}
            </>
          )}
          <button type="button" id="export-qr-hide" onClick={() => setQr(undefined)}>
            Hide
          </button>
        </div>
      )}
      {sheet && (
        <div class="stack">
          <div class="row">
            <button type="button" id="sheet-print" class="primary" onClick={onPrint}>
              Print or save as PDF
            </button>
            <button type="button" id="sheet-hide" onClick={() => setSheet(undefined)}>
              Hide
            </button>
          </div>
          <RecoverySheet entries={sheet} printedAt={new Date().toLocaleString()} />
        </div>
      )}
    </section>
  );
}
