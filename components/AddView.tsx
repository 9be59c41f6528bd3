import { useRef, useState } from 'preact/hooks';
import { TwofoldError } from '../lib/errors';
import { t } from '../lib/i18n/translate';
import type { RequestMap } from '../lib/messaging/protocol';
import { AddLinkFields, isLinkBatch } from './AddLinkFields';
import { type AddField, AddManualFields, type ManualValues, manualDraft } from './AddManualFields';
import { manualFieldIds, NEW_MANUAL } from './AddManualFields';
import { parseSites } from './account-order';
import type { Clock } from './clock';
import { Field } from './Field';
import { useSubmit } from './use-submit';
import { ViewHeader } from './ViewHeader';

export type AddRequest = RequestMap['account-add'];
export { isLinkBatch };

/** Each field a failure can name (the core's DraftErrorCode, and the form's own 'sites'), and its element id. */
const FIELD_OF: Record<AddField, string> = {
  uri: 'add-uri',
  name: 'add-issuer',
  secret: 'add-secret',
  kind: 'add-kind',
  algorithm: 'add-algorithm',
  digits: 'add-digits',
  period: 'add-period',
  counter: 'add-counter',
  sites: 'add-sites',
};

/** The field id a failure's code names, if it names one. */
function fieldOf(code: string | undefined): string | undefined {
  return code !== undefined && Object.hasOwn(FIELD_OF, code) ? FIELD_OF[code as AddField] : undefined;
}

function imageIn(list: FileList | null | undefined): File | undefined {
  return [...(list ?? [])].find((f) => f.type.startsWith('image/'));
}

/**
 * Add an account: scan the page, a picture, pasted links, or its key typed by hand. One form: a link pasted at the
 * top makes it the link form (AddLinkFields: its preview; the names only override the link's), an empty link the
 * manual form (AddManualFields). Names and sites are common to both.
 */
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
  const [manual, setManual] = useState<ManualValues>(NEW_MANUAL);
  const [sites, setSites] = useState('');
  /** The field the last failure named was edited since: it is no longer marked invalid (the message stays). */
  const [fixed, setFixed] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const { busy, failure, run, clear } = useSubmit({
    focus: (f) => {
      const id = fieldOf(f.code);
      return id ? form.current?.querySelector<HTMLElement>(`#${id}`) : undefined;
    },
  });
  const fromLink = uri.trim() !== '';
  const batch = fromLink && isLinkBatch(uri);

  function build(): AddRequest {
    const siteList = parseSites(sites);
    if (siteList.some((s) => s.length > 253)) throw new TwofoldError<AddField>('sites', t('add_error_site_too_long'));
    const extra = { ...(siteList.length > 0 ? { sites: siteList.slice(0, 100) } : {}) };
    if (fromLink) {
      return {
        draft: { uri: uri.trim(), ...(issuer.trim() ? { issuer } : {}), ...(account.trim() ? { account } : {}) },
        ...extra,
      };
    }
    return { draft: manualDraft(manual, { issuer, account }), ...extra };
  }

  function submit(e: Event) {
    e.preventDefault();
    if (busy) return;
    if (batch) {
      clear();
      onLinks(uri);
      return;
    }
    setFixed(false);
    void run(() => onSubmit(build()));
  }

  /**
   * The field the failure is about, when it is on screen: its message is printed right under it (WCAG 3.3.1 "Error
   * Identification"), not at the foot of the form; a failure about no field shown stays at the foot.
   */
  const shown = ['add-uri', 'add-issuer', 'add-sites', ...(fromLink ? [] : manualFieldIds(manual.kind))];
  const failedId = fieldOf(failure?.code);
  const failureAt = failedId !== undefined && shown.includes(failedId) ? failedId : undefined;
  const markedId = fixed ? undefined : failureAt;
  /** Props marking a field invalid when the last failure named it; editing it clears the mark. */
  const invalid = (id: string) => (markedId === id ? { 'aria-invalid': true, 'aria-describedby': 'add-error' } : {});
  const errorAt = (id: string) =>
    failure && failureAt === id ? (
      <p id="add-error" class="error field-error" role="alert">
        {failure.message}
      </p>
    ) : null;
  const edited = (id: string) => {
    if (markedId === id) setFixed(true);
  };
  const edit = (id: string, set: (v: string) => void) => (e: { currentTarget: { value: string } }) => {
    set(e.currentTarget.value);
    edited(id);
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
          {errorAt('add-uri')}
        </Field>
        <AddLinkFields uri={uri} clock={clock} />

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
              {errorAt('add-issuer')}
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
            <AddManualFields
              values={manual}
              invalid={invalid}
              errorAt={errorAt}
              onEdit={(id, patch) => {
                setManual((v) => ({ ...v, ...patch }));
                edited(id);
              }}
            />
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
          {errorAt('add-sites')}
        </Field>

        {failure && failureAt === undefined && (
          <p id="add-error" class="error" role="alert">
            {failure.message}
          </p>
        )}
        <button type="submit" class="primary" disabled={busy}>
          {batch ? t('add_read_accounts') : busy ? t('add_adding') : t('add_submit')}
        </button>
      </form>
    </main>
  );
}
