import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { RequestMap } from '../lib/messaging/protocol';
import { currentCode } from '../lib/otp/code';
import { parseKeyInput } from '../lib/otp/key-input';
import { parseSites } from './account-order';
import { type Clock, useSeconds } from './clock';
import { failureOf } from './errors';
import { Field } from './Field';
import { messageOf, t } from './i18n';
import { KeyPreview, type PreviewState } from './KeyPreview';
import { ViewHeader } from './ViewHeader';

export type AddRequest = RequestMap['account-add'];
type Kind = 'totp' | 'hotp' | 'steam';
type Algorithm = 'SHA1' | 'SHA256' | 'SHA512';

/** The code types by their own (untranslated) names. */
const KIND_NAMES: Record<Kind, string> = { totp: 'TOTP', hotp: 'HOTP', steam: 'Steam' };
const ALGORITHMS: readonly Algorithm[] = ['SHA1', 'SHA256', 'SHA512'];

/** Error codes of the add request that name a form field, and that field's id. */
const FIELD_OF: Record<string, string> = {
  uri: 'add-uri',
  name: 'add-issuer',
  secret: 'add-secret',
  kind: 'add-kind',
  algorithm: 'add-algorithm',
  digits: 'add-digits',
  period: 'add-period',
  counter: 'add-counter',
};

class FieldError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A whole number from a number field, or a FieldError naming the field. */
function wholeNumber(text: string, code: string, message: string, max: number): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < 0 || n > max) throw new FieldError(code, message);
  return n;
}

/** Live preview of a pasted link or secret, recomputed as the clock ticks. */
function UriPreview({ text, clock }: { text: string; clock: Clock }) {
  const seconds = useSeconds(clock);
  const parsed = useMemo(() => {
    if (text.trim() === '') return undefined;
    try {
      return parseKeyInput(text);
    } catch (e) {
      return e instanceof Error ? e : new Error(String(e));
    }
  }, [text]);
  let state: PreviewState = { status: 'empty' };
  if (parsed instanceof Error) state = { status: 'error', message: messageOf(parsed) };
  else if (parsed) state = { status: 'ok', ...parsed, current: currentCode(parsed.params, seconds) };
  return <KeyPreview state={state} />;
}

/** Several links, or a Google Authenticator export: read by the background and reviewed like a scan. */
export function isLinkBatch(text: string): boolean {
  const lines = text
    .trim()
    .split(/\r?\n/)
    .filter((l) => l.trim() !== '');
  return /^otpauth-migration:/i.test(text.trim()) || lines.length > 1;
}

function imageIn(list: FileList | null | undefined): File | undefined {
  return [...(list ?? [])].find((f) => f.type.startsWith('image/'));
}

/** Add an account: scan the page, a picture, pasted links, or its key typed by hand. */
export function AddView({
  clock,
  onSubmit,
  onBack,
  onScanPage,
  onPicture,
  onLinks,
}: {
  clock: Clock;
  onSubmit(req: AddRequest): Promise<void>;
  onBack(): void;
  onScanPage(): void;
  onPicture(file: File): void;
  onLinks(text: string): void;
}) {
  const [uri, setUri] = useState('');
  const [issuer, setIssuer] = useState('');
  const [account, setAccount] = useState('');
  const [secret, setSecret] = useState('');
  const [kind, setKind] = useState<Kind>('totp');
  const [algorithm, setAlgorithm] = useState<Algorithm>('SHA1');
  const [digits, setDigits] = useState('6');
  const [period, setPeriod] = useState('30');
  const [counter, setCounter] = useState('0');
  const [sites, setSites] = useState('');
  const [error, setError] = useState<{ message: string; field: string | undefined }>();
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const fromLink = uri.trim() !== '';
  const batch = fromLink && isLinkBatch(uri);

  // Focus the field an error names, as soon as it is on screen.
  useLayoutEffect(() => {
    if (!error) return;
    const el = error.field ? form.current?.querySelector<HTMLElement>(`#${error.field}`) : undefined;
    el?.focus();
  }, [error]);

  function build(): AddRequest {
    const siteList = parseSites(sites);
    if (siteList.some((s) => s.length > 253)) throw new FieldError('sites', t('add_error_site_too_long'));
    const extra = { ...(siteList.length > 0 ? { sites: siteList.slice(0, 100) } : {}) };
    if (fromLink) {
      return {
        draft: { uri: uri.trim(), ...(issuer.trim() ? { issuer } : {}), ...(account.trim() ? { account } : {}) },
        ...extra,
      };
    }
    const draft: AddRequest['draft'] = { kind, secret, issuer, account };
    if (kind !== 'steam') {
      draft.algorithm = algorithm;
      draft.digits = wholeNumber(digits, 'digits', t('add_error_digits'), 99);
    }
    if (kind === 'totp') draft.period = wholeNumber(period, 'period', t('add_error_period'), Number.MAX_SAFE_INTEGER);
    if (kind === 'hotp') {
      const c = counter.trim() || '0';
      if (c.length > 30) throw new FieldError('counter', t('add_error_counter'));
      draft.counter = c;
    }
    return { draft, ...extra };
  }

  async function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    setError(undefined);
    if (batch) {
      onLinks(uri);
      return;
    }
    let req: AddRequest;
    try {
      req = build();
    } catch (err) {
      const f = failureOf(err);
      setError({ message: f.message, field: f.code === 'sites' ? 'add-sites' : FIELD_OF[f.code ?? ''] });
      return;
    }
    setBusy(true);
    try {
      await onSubmit(req);
    } catch (err) {
      const f = failureOf(err);
      setError({ message: f.message, field: FIELD_OF[f.code ?? ''] });
      setBusy(false);
    }
  }

  /** Props marking a field invalid when the last error named it; editing it clears the mark. */
  const invalid = (id: string) =>
    error?.field === id ? { 'aria-invalid': true, 'aria-describedby': 'add-error' } : {};
  const edit = (id: string, set: (v: string) => void) => (e: { currentTarget: { value: string } }) => {
    set(e.currentTarget.value);
    if (error?.field === id) setError({ ...error, field: undefined });
  };

  return (
    <main
      class="screen"
      onPaste={(e) => {
        const file = imageIn(e.clipboardData?.files);
        if (file) {
          e.preventDefault();
          onPicture(file);
        }
      }}
      onDragOver={(e) => e.preventDefault()}
      onDrop={(e) => {
        const file = imageIn(e.dataTransfer?.files);
        if (!file) return;
        e.preventDefault();
        onPicture(file);
      }}
    >
      <ViewHeader title={t('add_title')} onBack={onBack} />
      <div class="add-sources">
        <button type="button" id="add-scan-page" onClick={onScanPage}>
          {t('add_scan_page_button')}
        </button>
        <label class="button" htmlFor="add-picture">
          {t('add_open_picture')}
        </label>
        <input
          type="file"
          id="add-picture"
          class="visually-hidden"
          accept="image/*"
          onChange={(e) => {
            const file = imageIn(e.currentTarget.files);
            if (file) onPicture(file);
            e.currentTarget.value = '';
          }}
        />
      </div>
      <p class="hint">{t('add_paste_picture_hint')}</p>
      <form id="add-form" class="stack" ref={form} onSubmit={submit} aria-busy={busy} noValidate>
        <Field id="add-uri" label={t('add_uri_label')}>
          <textarea
            id="add-uri"
            class="mono"
            rows={3}
            spellcheck={false}
            autocomplete="off"
            placeholder="otpauth://totp/Issuer:name?secret=…" // i18n-ignore: a sample link in the format's own syntax
            value={uri}
            {...invalid('add-uri')}
            onInput={edit('add-uri', setUri)}
          />
        </Field>
        {batch ? (
          <p class="hint" id="add-batch">
            {/^\s*otpauth-migration:/i.test(uri) ? t('add_batch_migration') : t('add_batch_links')}
          </p>
        ) : (
          <UriPreview text={uri} clock={clock} />
        )}

        <fieldset class="group">
          <legend>{fromLink ? t('add_names_legend') : t('add_manual_legend')}</legend>
          {fromLink && <p class="hint">{t('add_names_hint')}</p>}
          <div class="two">
            <Field id="add-issuer" label={t('add_issuer_label')}>
              <input
                id="add-issuer"
                type="text"
                autocomplete="off"
                placeholder="GitHub" // i18n-ignore: an example issuer, a brand name
                value={issuer}
                {...invalid('add-issuer')}
                onInput={edit('add-issuer', setIssuer)}
              />
            </Field>
            <Field id="add-account" label={t('add_account_label')}>
              <input
                id="add-account"
                type="text"
                autocomplete="off"
                placeholder="alice" // i18n-ignore: an example user name
                value={account}
                onInput={edit('add-account', setAccount)}
              />
            </Field>
          </div>
          {!fromLink && (
            <>
              <Field id="add-secret" label={t('add_secret_label')}>
                <input
                  id="add-secret"
                  class="mono"
                  type="text"
                  autocomplete="off"
                  spellcheck={false}
                  autocapitalize="off"
                  placeholder="JBSW Y3DP EHPK 3PXP" // i18n-ignore: an example base32 key
                  value={secret}
                  {...invalid('add-secret')}
                  onInput={edit('add-secret', setSecret)}
                />
              </Field>
              <div class="two">
                <Field id="add-kind" label={t('add_kind_label')}>
                  <select
                    id="add-kind"
                    value={kind}
                    {...invalid('add-kind')}
                    onChange={(e) => setKind(e.currentTarget.value as Kind)}
                  >
                    {(Object.keys(KIND_NAMES) as Kind[]).map((k) => (
                      <option key={k} value={k}>
                        {KIND_NAMES[k]}
                      </option>
                    ))}
                  </select>
                </Field>
                {kind !== 'steam' && (
                  <Field id="add-algorithm" label={t('add_algorithm_label')}>
                    <select
                      id="add-algorithm"
                      value={algorithm}
                      {...invalid('add-algorithm')}
                      onChange={(e) => setAlgorithm(e.currentTarget.value as Algorithm)}
                    >
                      {ALGORITHMS.map((a) => (
                        <option key={a} value={a}>
                          {a}
                        </option>
                      ))}
                    </select>
                  </Field>
                )}
              </div>
              {kind !== 'steam' && (
                <div class="two">
                  <Field id="add-digits" label={t('add_digits_label')}>
                    <input
                      id="add-digits"
                      type="number"
                      min={4}
                      max={10}
                      step={1}
                      value={digits}
                      {...invalid('add-digits')}
                      onInput={edit('add-digits', setDigits)}
                    />
                  </Field>
                  {kind === 'totp' && (
                    <Field id="add-period" label={t('add_period_label')}>
                      <input
                        id="add-period"
                        type="number"
                        min={1}
                        step={1}
                        value={period}
                        {...invalid('add-period')}
                        onInput={edit('add-period', setPeriod)}
                      />
                    </Field>
                  )}
                  {kind === 'hotp' && (
                    <Field id="add-counter" label={t('add_counter_label')}>
                      <input
                        id="add-counter"
                        type="text"
                        inputMode="numeric"
                        autocomplete="off"
                        value={counter}
                        {...invalid('add-counter')}
                        onInput={edit('add-counter', setCounter)}
                      />
                    </Field>
                  )}
                </div>
              )}
            </>
          )}
        </fieldset>

        <Field id="add-sites" label={t('add_sites_label')}>
          <input
            id="add-sites"
            type="text"
            autocomplete="off"
            spellcheck={false}
            placeholder="github.com" // i18n-ignore: an example domain
            value={sites}
            {...invalid('add-sites')}
            onInput={edit('add-sites', setSites)}
          />
        </Field>

        {error && (
          <p id="add-error" class="error" role="alert">
            {error.message}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {batch ? t('add_read_accounts') : busy ? t('add_adding') : t('add_submit')}
        </button>
      </form>
    </main>
  );
}
