import { localize, t } from '../lib/i18n/translate';
import type { CurrentCode } from '../lib/otp/code';
import { describeParams } from '../lib/otp/describe';
import type { OtpParams } from '../lib/otp/types';
import type { UriWarning } from '../lib/otp/uri';
import { CodeDisplay } from './CodeDisplay';

export type PreviewState =
  | { status: 'empty' }
  | { status: 'error'; message: string }
  | { status: 'ok'; params: OtpParams; warnings: UriWarning[]; current: CurrentCode };

/** What a pasted key means: who it is for, how its codes are made, and the code right now. */
export function KeyPreview({ state }: { state: PreviewState }) {
  if (state.status === 'empty') return null;
  if (state.status === 'error') {
    return (
      <p class="error" role="alert" id="preview-error">
        {state.message}
      </p>
    );
  }
  const { params, warnings, current } = state;
  return (
    <section class="preview" aria-label={t('add_preview_label')}>
      <h2 class="preview-title">{params.issuer || t('add_preview_no_issuer')}</h2>
      <p class="preview-account">{params.account || t('add_preview_no_account')}</p>
      <p class="preview-kind">{localize(describeParams(params))}</p>
      <CodeDisplay current={current} />
      {warnings.length > 0 && (
        <ul class="warnings">
          {warnings.map((w) => (
            <li key={w.code}>{localize(w.message)}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
