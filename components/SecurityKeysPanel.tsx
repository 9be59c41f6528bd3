import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { dateTime, t } from '../lib/i18n/translate';
import { failureOf } from './errors';
import { Field } from './Field';
import { SubmitResult } from './SubmitResult';
import { useSubmit } from './use-submit';

/** One way to unlock the vault, as `vault-slots` lists it. */
export interface SlotView {
  id: string;
  type: 'password' | 'prf';
  label: string;
  createdAt: number;
  /** The slot is in the header but cannot unlock (docs/vault-format.md "PRF key slot"): shown to be removed. */
  damaged?: boolean;
}

/** Where an add stands: the touch, a second touch (PRF not evaluated at creation), the background saving. */
export type AddStep = 'touch' | 'touch-again' | 'saving';

export interface SecurityKeysApi {
  /** 'unsupported-browser' (Firefox) shows one line and no controls; 'no-webauthn' the same with its own line. */
  availability: 'available' | 'unsupported-browser' | 'no-webauthn';
  list(): Promise<SlotView[]>;
  /** Creates the credential (the touch) and adds its slot, the master password confirming it. */
  add(label: string, password: string, onStep: (step: AddStep) => void): Promise<void>;
  remove(id: string): Promise<void>;
}

/** The label's limits the background enforces (trimmed, 1..64 characters). */
const MAX_LABEL = 64;

/** Failures that say the master password was refused: only these mark its field and send the focus back to it. */
const PASSWORD_CODES = new Set(['password', 'wrong-password', 'throttled']);
/** Failures that name the label: its field is marked and focused. */
const LABEL_CODES = new Set(['label', 'bad-setting']);

/** How a key is named in the list and in its Remove buttons: a damaged slot has no label worth showing. */
function nameOf(slot: SlotView): string {
  return slot.damaged ? t('prfui_damaged_key') : slot.label;
}

const STEP_TEXT = {
  touch: 'prfui_touch_now',
  'touch-again': 'prfui_touch_again',
  saving: 'prfui_saving',
} as const;

/**
 * "Passkeys and security keys": the ways to unlock the vault, each passkey or security key removable, the master
 * password always kept; and adding one (README "Unlock with a passkey or security key", docs/vault-format.md
 * "PRF key slot"). It lives in the options page, a tab: the browser's WebAuthn dialog would close the toolbar popup.
 */
export function SecurityKeysPanel({ availability, list, add, remove }: SecurityKeysApi) {
  const [slots, setSlots] = useState<SlotView[]>();
  const [label, setLabel] = useState('');
  const [password, setPassword] = useState('');
  const [step, setStep] = useState<AddStep>();
  const [confirming, setConfirming] = useState<string>();
  const labelInput = useRef<HTMLInputElement>(null);
  const passwordInput = useRef<HTMLInputElement>(null);
  const addButton = useRef<HTMLButtonElement>(null);
  const heading = useRef<HTMLHeadingElement>(null);
  // A refusal that is not about a field (cancelled, no PRF, already added, the browser's refusal) leaves both fields
  // valid: the person tries again from the button, perhaps with another key.
  const adding = useSubmit({
    focus: (f) =>
      LABEL_CODES.has(f.code ?? '')
        ? labelInput.current
        : PASSWORD_CODES.has(f.code ?? '')
          ? passwordInput.current
          : addButton.current,
    select: true,
  });
  /** Where the focus goes once the list shows the answer to "Remove?": that row's Remove (kept), or the heading. */
  const [refocus, setRefocus] = useState<{ keep: string } | 'heading'>();
  const removing = useSubmit();
  const [loadFailure, setLoadFailure] = useState('');

  const reload = useCallback(async () => {
    try {
      setSlots(await list());
      setLoadFailure('');
    } catch (e) {
      setLoadFailure(failureOf(e).message);
    }
  }, [list]);

  useEffect(() => {
    if (availability === 'available') void reload();
  }, [availability, reload]);

  // "Remove" asks first: focus goes to the answer, so a keyboard user confirms or keeps from where they are.
  useEffect(() => {
    if (confirming) document.querySelector<HTMLElement>('#security-keys .confirm-remove')?.focus();
  }, [confirming]);

  // After "Keep it" the focus is back where the person was; after "Yes, remove" their row is gone, so the list's
  // heading takes it (WAI-ARIA APG: focus must not be lost on the body when the focused element disappears).
  useEffect(() => {
    if (refocus === undefined) return;
    if (refocus === 'heading') heading.current?.focus();
    else
      document.querySelector<HTMLElement>(`#security-keys li[data-id="${CSS.escape(refocus.keep)}"] .remove`)?.focus();
    setRefocus(undefined);
  }, [refocus]);

  if (availability !== 'available') {
    return (
      <section class="panel" id="security-keys" aria-labelledby="security-keys-title">
        <h2 id="security-keys-title">{t('prfui_heading')}</h2>
        <p id="security-keys-unavailable">
          {t(availability === 'unsupported-browser' ? 'prfui_unsupported_browser' : 'prfui_no_webauthn')}
        </p>
      </section>
    );
  }

  function submit(e: Event) {
    e.preventDefault();
    if (adding.busy) return;
    const name = label.trim();
    if (name === '' || name.length > MAX_LABEL) return adding.fail(t('prfui_name_missing'), 'label');
    if (password === '') return adding.fail(t('prfui_password_missing'), 'password');
    void adding
      .run(async () => {
        await add(name, password, setStep);
        setLabel('');
        setPassword('');
        adding.done(t('prfui_added', name));
        await reload();
      })
      .finally(() => setStep(undefined));
  }

  function confirmRemove(slot: SlotView) {
    void removing.run(async () => {
      await remove(slot.id);
      setConfirming(undefined);
      removing.done(t('prfui_removed', nameOf(slot)));
      await reload();
      setRefocus('heading');
    });
  }

  const labelError = LABEL_CODES.has(adding.failure?.code ?? '');
  const passwordError = PASSWORD_CODES.has(adding.failure?.code ?? '');
  return (
    <section class="panel" id="security-keys" aria-labelledby="security-keys-title">
      <h2 id="security-keys-title" ref={heading} tabIndex={-1}>
        {t('prfui_heading')}
      </h2>
      <p class="hint">{t('prfui_what_works')}</p>

      {loadFailure && (
        <p class="error" role="alert">
          {loadFailure}
        </p>
      )}
      {slots === undefined && !loadFailure && <p role="status">{t('prfui_loading')}</p>}
      {slots && (
        <ul class="slot-list" id="security-keys-list" aria-label={t('prfui_list_label')}>
          {slots.map((slot) =>
            slot.type === 'password' ? (
              <li key={slot.id} class="slot" data-type="password">
                <span class="slot-name">{t('prfui_password_slot')}</span>
              </li>
            ) : (
              <li
                key={slot.id}
                class="slot"
                data-type="prf"
                data-id={slot.id}
                data-damaged={slot.damaged ? 'true' : undefined}
              >
                <span class="slot-name">{nameOf(slot)}</span>
                {!slot.damaged && <span class="meta">{t('prfui_added_on', dateTime(slot.createdAt))}</span>}
                {confirming === slot.id ? (
                  <span class="slot-confirm">
                    <span class="slot-confirm-text" id={`confirm-${slot.id}`}>
                      {t('prfui_remove_confirm', nameOf(slot))}
                    </span>
                    <button
                      type="button"
                      class="danger confirm-remove"
                      aria-describedby={`confirm-${slot.id}`}
                      disabled={removing.busy}
                      onClick={() => confirmRemove(slot)}
                    >
                      {t('prfui_remove_yes')}
                    </button>
                    <button
                      type="button"
                      class="keep"
                      disabled={removing.busy}
                      onClick={() => {
                        setConfirming(undefined);
                        setRefocus({ keep: slot.id });
                      }}
                    >
                      {t('prfui_remove_no')}
                    </button>
                  </span>
                ) : (
                  <button
                    type="button"
                    class="remove"
                    aria-label={t('prfui_remove_named', nameOf(slot))}
                    onClick={() => {
                      removing.clear();
                      setConfirming(slot.id);
                    }}
                  >
                    {t('prfui_remove')}
                  </button>
                )}
              </li>
            ),
          )}
        </ul>
      )}
      <SubmitResult id="security-keys-removed" result={removing.result} />

      <form id="security-key-add" class="stack" onSubmit={submit} aria-busy={adding.busy} noValidate>
        <h3 id="security-key-add-title">{t('prfui_add_heading')}</h3>
        <Field id="security-key-name" label={t('prfui_name_label')} hint={t('prfui_name_hint')}>
          <input
            id="security-key-name"
            ref={labelInput}
            type="text"
            maxLength={MAX_LABEL}
            autocomplete="off"
            value={label}
            aria-invalid={labelError}
            aria-describedby={labelError ? 'security-key-name-hint security-key-add-error' : 'security-key-name-hint'}
            onInput={(e) => setLabel(e.currentTarget.value)}
          />
        </Field>
        <Field id="security-key-password" label={t('prfui_password_label')} hint={t('prfui_password_hint')}>
          <input
            id="security-key-password"
            ref={passwordInput}
            type="password"
            autocomplete="current-password"
            value={password}
            aria-invalid={passwordError}
            aria-describedby={
              passwordError ? 'security-key-password-hint security-key-add-error' : 'security-key-password-hint'
            }
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        {step && (
          <p class="hint" role="status" id="security-key-step">
            {t(STEP_TEXT[step])}
          </p>
        )}
        {step && <div class="progress-indeterminate" role="progressbar" aria-label={t(STEP_TEXT[step])} />}
        <SubmitResult
          id={adding.failure ? 'security-key-add-error' : 'security-key-add-result'}
          result={adding.result}
        />
        <button type="submit" id="security-key-add-button" ref={addButton} class="primary" disabled={adding.busy}>
          {t('prfui_add_button')}
        </button>
      </form>
    </section>
  );
}
