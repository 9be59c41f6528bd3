import { useState } from 'preact/hooks';
import type { SheetEntry } from '../lib/export/sheet';
import type { Sub, Text } from '../lib/i18n/text';
import { dateTime, type MessageKey, say, t, tn } from '../lib/i18n/translate';
import { Field } from './Field';
import { MasterPasswordField } from './MasterPasswordField';
import { MIN_PASSWORD_LENGTH } from './password-strength';
import { QrCode } from './QrCode';
import { RecoverySheet } from './RecoverySheet';
import { SubmitResult } from './SubmitResult';
import { useSubmit } from './use-submit';

export type FileFormat = 'aegis-encrypted' | 'aegis-plain' | 'twofas' | 'bitwarden' | 'uri-list';
type Format = FileFormat | 'google' | 'qr' | 'sheet';

export interface ExportPanelProps {
  /** `name`: the issuer (or what stands for it); `account`: the account name, shown beside it so two look different. */
  accounts: { id: string; name: string; account?: string }[];
  /** Each export carries the master password typed again (`master`); the background checks it
   * (docs/architecture.md attack 12). */
  onFile(
    format: FileFormat,
    ids: string[],
    password: string | undefined,
    master: string,
  ): Promise<{ fileName: string; skipped: { name: Sub; reason: Text }[] }>;
  onMigration(ids: string[], master: string): Promise<{ uris: string[]; skipped: { name: Sub; reason: Text }[] }>;
  onSheet(ids: string[], master: string): Promise<SheetEntry[]>;
  onPrint(): void;
}

/** `loses`: what the format cannot carry, said before anything is written (docs/import-export.md "Exports"). */
const FORMATS: { value: Format; label: MessageKey; hint: MessageKey; loses?: MessageKey }[] = [
  {
    value: 'aegis-encrypted',
    label: 'options_export_aegis_encrypted',
    hint: 'options_export_aegis_encrypted_hint',
    loses: 'exportmore_aegis_loses',
  },
  {
    value: 'aegis-plain',
    label: 'options_export_aegis_plain',
    hint: 'options_export_aegis_plain_hint',
    loses: 'exportmore_aegis_loses',
  },
  { value: 'twofas', label: 'exportmore_twofas', hint: 'exportmore_twofas_hint', loses: 'exportmore_twofas_loses' },
  {
    value: 'bitwarden',
    label: 'exportmore_bitwarden',
    hint: 'exportmore_bitwarden_hint',
    loses: 'exportmore_bitwarden_loses',
  },
  {
    value: 'uri-list',
    label: 'options_export_uri_list',
    hint: 'options_export_uri_list_hint',
    loses: 'exportmore_uri_list_loses',
  },
  {
    value: 'google',
    label: 'options_export_google',
    hint: 'options_export_google_hint',
    loses: 'exportmore_google_loses',
  },
  { value: 'qr', label: 'options_export_qr', hint: 'options_export_qr_hint' },
  { value: 'sheet', label: 'options_export_sheet', hint: 'options_export_sheet_hint' },
];

/** Stands for the emphasised words while the whole sentence is translated, then the sentence is cut around it. */
const SLOT = '\u241f';

const UNENCRYPTED = new Set<Format>(['aegis-plain', 'twofas', 'bitwarden', 'uri-list']);

/** "GitHub — alice@example.com": the issuer and the account name, so two accounts of one service can be told apart. */
function labelOf(a: { name: string; account?: string }): string {
  return a.account && a.account !== a.name ? t('organise_export_item', a.name, a.account) : a.name;
}

/** Every export but Twofold's own backup (which has its own panel): files, transfer QR codes, paper. */
export function ExportPanel({ accounts, onFile, onMigration, onSheet, onPrint }: ExportPanelProps) {
  const [format, setFormat] = useState<Format>('aegis-encrypted');
  const [chosen, setChosen] = useState<Set<string> | undefined>();
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const [master, setMaster] = useState('');
  const [understood, setUnderstood] = useState(false);
  const [one, setOne] = useState('');
  const [qr, setQr] = useState<{ uris: string[]; index: number; skipped: { name: Sub; reason: Text }[] }>();
  const [sheet, setSheet] = useState<SheetEntry[]>();
  const [leftOut, setLeftOut] = useState<{ name: Sub; reason: Text }[]>([]);
  const { busy, result: message, run: submit, done, fail, clear } = useSubmit();

  const ids = format === 'qr' ? (one ? [one] : []) : accounts.map((a) => a.id).filter((id) => chosen?.has(id) ?? true);

  function pick(next: Format) {
    setFormat(next);
    setQr(undefined);
    setSheet(undefined);
    setLeftOut([]);
    clear();
    setUnderstood(false);
  }

  function run(e: Event) {
    e.preventDefault();
    if (busy) return;
    clear();
    setLeftOut([]);
    if (ids.length === 0) return fail(t('options_export_no_account_chosen'));
    if (format === 'aegis-encrypted') {
      if (password.length < MIN_PASSWORD_LENGTH)
        return fail(t('options_export_password_too_short', MIN_PASSWORD_LENGTH));
      if (password !== confirm) return fail(t('options_passwords_differ'));
    }
    if (UNENCRYPTED.has(format) && !understood) return fail(t('options_export_confirm_unencrypted'));
    if (!master) return fail(t('exports_master_missing'));
    // Typed for this one export only: kept neither for the next one nor after a failure.
    setMaster('');
    void submit(async () => {
      if (format === 'google' || format === 'qr') {
        if (format === 'qr') {
          const [entry] = await onSheet(ids, master);
          setQr({ uris: entry ? [entry.uri] : [], index: 0, skipped: [] });
        } else {
          const r = await onMigration(ids, master);
          setQr({ ...r, index: 0 });
        }
      } else if (format === 'sheet') {
        setSheet(await onSheet(ids, master));
      } else {
        const saved = await onFile(format, ids, format === 'aegis-encrypted' ? password : undefined, master);
        setPassword('');
        setConfirm('');
        setLeftOut(saved.skipped);
        done(tn('options_export_saved', ids.length - saved.skipped.length, saved.fileName));
      }
    });
  }

  const description = FORMATS.find((f) => f.value === format);
  const [warningBefore, warningAfter] = t('options_export_unencrypted_warning', SLOT).split(SLOT);
  return (
    <section class="panel" id="export" aria-labelledby="export-title">
      <h2 id="export-title">{t('options_export_title')}</h2>
      <form id="export-form" class="stack" onSubmit={run} aria-busy={busy} noValidate>
        <fieldset class="group">
          <legend>{t('options_export_format_legend')}</legend>
          {FORMATS.map((f) => (
            <label class="check" key={f.value}>
              <input
                type="radio"
                name="export-format"
                value={f.value}
                checked={format === f.value}
                onChange={() => pick(f.value)}
              />
              {t(f.label)}
            </label>
          ))}
          <p class="hint" id="export-format-hint">
            {description && t(description.hint)}
          </p>
          {description?.loses && (
            <p class="hint" id="export-format-loses">
              {t(description.loses)}
            </p>
          )}
        </fieldset>
        {format === 'qr' ? (
          <Field id="export-one" label={t('options_export_account_label')}>
            <select id="export-one" value={one} onChange={(e) => setOne(e.currentTarget.value)}>
              <option value="">{t('options_export_choose_account')}</option>
              {accounts.map((a) => (
                <option key={a.id} value={a.id}>
                  {labelOf(a)}
                </option>
              ))}
            </select>
          </Field>
        ) : (
          <fieldset class="group export-accounts" id="export-accounts">
            <legend>{t('options_export_accounts_legend', ids.length, accounts.length)}</legend>
            <label class="check">
              <input
                type="checkbox"
                id="export-all"
                checked={ids.length === accounts.length}
                onChange={(e) => setChosen(e.currentTarget.checked ? undefined : new Set())}
              />
              {t('options_export_all')}
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
                {labelOf(a)}
              </label>
            ))}
          </fieldset>
        )}
        {format === 'aegis-encrypted' && (
          <>
            <Field id="export-password" label={t('options_export_password_label')}>
              <input
                id="export-password"
                type="password"
                autocomplete="new-password"
                value={password}
                onInput={(e) => setPassword(e.currentTarget.value)}
              />
            </Field>
            <Field id="export-confirm" label={t('options_password_again_label')}>
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
          <div class="notice notice-warn" id="export-warning" role="note">
            <p>
              {warningBefore}
              <strong>{t('options_export_not_encrypted')}</strong>
              {warningAfter}
            </p>
            <label class="check">
              <input
                type="checkbox"
                id="export-understood"
                checked={understood}
                onChange={(e) => setUnderstood(e.currentTarget.checked)}
              />
              {t('options_export_understood')}
            </label>
          </div>
        )}
        <MasterPasswordField id="export-master" value={master} onInput={setMaster} />
        {(format === 'google' || format === 'qr' || format === 'sheet') && (
          <p class="notice" role="note">
            {format === 'sheet' ? t('options_export_sheet_note') : t('options_export_qr_note')}
          </p>
        )}
        <button type="submit" id="export-go" class="primary" disabled={busy}>
          {format === 'google' || format === 'qr'
            ? t('options_export_show_qr')
            : format === 'sheet'
              ? t('options_export_show_sheet')
              : t('options_export_download')}
        </button>
      </form>
      <SubmitResult id="export-result" result={message} />
      {leftOut.length > 0 && (
        <div class="notice notice-note" id="export-left-out" role="note">
          <p>{t('exportmore_skipped_title')}</p>
          <ul>
            {leftOut.map((s) => (
              <li key={say(s.name)}>{t('options_export_skipped_item', s.name, s.reason)}</li>
            ))}
          </ul>
        </div>
      )}
      {qr && (
        <div class="stack export-qr" id="export-qr">
          {qr.skipped.length > 0 && (
            <ul class="notice notice-note" id="export-skipped">
              {qr.skipped.map((s) => (
                <li key={say(s.name)}>{t('options_export_skipped_item', s.name, s.reason)}</li>
              ))}
            </ul>
          )}
          {qr.uris.length > 0 && (
            <>
              <p role="status" id="export-qr-count">
                {qr.uris.length > 1
                  ? t('options_export_qr_position', qr.index + 1, qr.uris.length)
                  : t('options_export_scan_this')}
              </p>
              <QrCode
                text={qr.uris[qr.index] ?? ''}
                label={t('options_export_qr_label', qr.index + 1, qr.uris.length)}
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
                    {t('common_previous')}
                  </button>
                  <button
                    type="button"
                    id="export-qr-next"
                    disabled={qr.index === qr.uris.length - 1}
                    onClick={() => setQr({ ...qr, index: qr.index + 1 })}
                  >
                    {t('common_next')}
                  </button>
                </div>
              )}
            </>
          )}
          <button type="button" id="export-qr-hide" onClick={() => setQr(undefined)}>
            {t('options_hide')}
          </button>
        </div>
      )}
      {sheet && (
        <div class="stack">
          <div class="row">
            <button type="button" id="sheet-print" class="primary" onClick={onPrint}>
              {t('options_export_print')}
            </button>
            <button type="button" id="sheet-hide" onClick={() => setSheet(undefined)}>
              {t('options_hide')}
            </button>
          </div>
          <RecoverySheet entries={sheet} printedAt={dateTime(Date.now())} />
        </div>
      )}
    </section>
  );
}
