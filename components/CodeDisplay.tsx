import { t, tn } from '../lib/i18n/translate';
import type { CurrentCode } from '../lib/otp/code';

/** A code, grouped for reading, with its remaining lifetime as text and as a bar. */
export function CodeDisplay({ current }: { current: CurrentCode }) {
  const { code, secondsLeft, period } = current;
  const half = Math.ceil(code.length / 2);
  const left = secondsLeft === undefined ? undefined : Math.ceil(secondsLeft);
  return (
    <div class="code">
      <output class="code-digits" aria-label={t('popup_code_label', code.split('').join(' '))} data-code={code}>
        {code.slice(0, half)}
        <span class="code-gap"> </span>
        {code.slice(half)}
      </output>
      {left !== undefined && period !== undefined ? (
        <div class="code-time">
          <progress max={period} value={left} aria-hidden="true" />
          <span aria-hidden="true">{t('popup_code_seconds_left', left)}</span>
          <span class="visually-hidden">{tn('common_seconds_left', left)}</span>
        </div>
      ) : (
        <div class="code-time">{t('popup_code_counter_based')}</div>
      )}
    </div>
  );
}
