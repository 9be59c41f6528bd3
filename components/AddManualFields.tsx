import type { ComponentChildren } from 'preact';
import { TwofoldError } from '../lib/errors';
import { t } from '../lib/i18n/translate';
import type { RequestMap } from '../lib/messaging/protocol';
import { ALGORITHMS, type Algorithm, MAX_DIGITS, MIN_DIGITS, type OtpKind } from '../lib/otp/types';
import type { DraftErrorCode } from '../lib/vault/draft';
import { Field } from './Field';

/** What the manual form holds as typed: the key and how its codes are made. */
export interface ManualValues {
  secret: string;
  kind: OtpKind;
  algorithm: Algorithm;
  digits: string;
  period: string;
  counter: string;
}

export const NEW_MANUAL: ManualValues = {
  secret: '',
  kind: 'totp',
  algorithm: 'SHA1',
  digits: '6',
  period: '30',
  counter: '0',
};

/** The code types by their own (untranslated) names. */
const KIND_NAMES: Record<OtpKind, string> = { totp: 'TOTP', hotp: 'HOTP', steam: 'Steam' };

/** The add form's fields a failure can name, and the checks that name them. */
export type AddField = DraftErrorCode | 'sites';

/** A whole number from a number field, or an error naming the field. */
function wholeNumber(text: string, field: AddField, message: string, min: number, max: number): number {
  const n = Number(text.trim());
  if (text.trim() === '' || !Number.isSafeInteger(n) || n < min || n > max) throw new TwofoldError(field, message);
  return n;
}

/**
 * The draft the manual form sends (names added by the form around it). The background checks it again
 * (lib/vault/draft.ts): these checks only point at the field before anything is sent, with the core's limits.
 */
export function manualDraft(
  v: ManualValues,
  names: { issuer: string; account: string },
): RequestMap['account-add']['draft'] {
  const draft: RequestMap['account-add']['draft'] = { kind: v.kind, secret: v.secret, ...names };
  if (v.kind !== 'steam') {
    draft.algorithm = v.algorithm;
    draft.digits = wholeNumber(
      v.digits,
      'digits',
      t('core_draft_bad_digits', MIN_DIGITS, MAX_DIGITS),
      MIN_DIGITS,
      MAX_DIGITS,
    );
  }
  if (v.kind === 'totp')
    draft.period = wholeNumber(v.period, 'period', t('core_draft_bad_period'), 0, Number.MAX_SAFE_INTEGER);
  if (v.kind === 'hotp') {
    const c = v.counter.trim() || '0';
    // The request's own limit (lib/messaging/protocol.ts); the range itself is the core's check.
    if (c.length > 30) throw new TwofoldError<AddField>('counter', t('add_error_counter'));
    draft.counter = c;
  }
  return draft;
}

/** Props a field takes when the last failure named it (aria-invalid, described by the error). */
type Invalid = (id: string) => { [attribute: string]: unknown };
/** The failure's message when it names this field, to show right under it (else nothing). */
type ErrorAt = (id: string) => ComponentChildren;

/** The ids of the manual fields shown for `kind`: a failure naming one of them is told under it. */
export function manualFieldIds(kind: OtpKind): string[] {
  return [
    'add-secret',
    'add-kind',
    ...(kind !== 'steam' ? ['add-algorithm', 'add-digits'] : []),
    ...(kind === 'totp' ? ['add-period'] : []),
    ...(kind === 'hotp' ? ['add-counter'] : []),
  ];
}

/** The manual form: the key typed by hand, its kind, algorithm, digits and period or counter. */
export function AddManualFields({
  values,
  invalid,
  errorAt = () => null,
  onEdit,
}: {
  values: ManualValues;
  invalid: Invalid;
  errorAt?: ErrorAt;
  /** A field changed: its id (to take the failure mark off it) and the new values. */
  onEdit(id: string, patch: Partial<ManualValues>): void;
}) {
  const { kind } = values;
  const text = (id: string, key: keyof ManualValues) => (e: { currentTarget: { value: string } }) =>
    onEdit(id, { [key]: e.currentTarget.value });
  return (
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
          value={values.secret}
          {...invalid('add-secret')}
          onInput={text('add-secret', 'secret')}
        />
        {errorAt('add-secret')}
      </Field>
      <div class="two">
        <Field id="add-kind" label={t('add_kind_label')}>
          <select
            id="add-kind"
            value={kind}
            {...invalid('add-kind')}
            onChange={(e) => onEdit('', { kind: e.currentTarget.value as OtpKind })}
          >
            {(Object.keys(KIND_NAMES) as OtpKind[]).map((k) => (
              <option key={k} value={k}>
                {KIND_NAMES[k]}
              </option>
            ))}
          </select>
          {errorAt('add-kind')}
        </Field>
        {kind !== 'steam' && (
          <Field id="add-algorithm" label={t('add_algorithm_label')}>
            <select
              id="add-algorithm"
              value={values.algorithm}
              {...invalid('add-algorithm')}
              onChange={(e) => onEdit('', { algorithm: e.currentTarget.value as Algorithm })}
            >
              {ALGORITHMS.map((a) => (
                <option key={a} value={a}>
                  {a}
                </option>
              ))}
            </select>
            {errorAt('add-algorithm')}
          </Field>
        )}
      </div>
      {kind !== 'steam' && (
        <div class="two">
          <Field id="add-digits" label={t('add_digits_label')}>
            <input
              id="add-digits"
              type="number"
              min={MIN_DIGITS}
              max={MAX_DIGITS}
              step={1}
              value={values.digits}
              {...invalid('add-digits')}
              onInput={text('add-digits', 'digits')}
            />
            {errorAt('add-digits')}
          </Field>
          {kind === 'totp' && (
            <Field id="add-period" label={t('add_period_label')}>
              <input
                id="add-period"
                type="number"
                min={1}
                step={1}
                value={values.period}
                {...invalid('add-period')}
                onInput={text('add-period', 'period')}
              />
              {errorAt('add-period')}
            </Field>
          )}
          {kind === 'hotp' && (
            <Field id="add-counter" label={t('add_counter_label')}>
              <input
                id="add-counter"
                type="text"
                inputMode="numeric"
                autocomplete="off"
                value={values.counter}
                {...invalid('add-counter')}
                onInput={text('add-counter', 'counter')}
              />
              {errorAt('add-counter')}
            </Field>
          )}
        </div>
      )}
    </>
  );
}
