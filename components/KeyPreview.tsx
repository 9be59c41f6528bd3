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
    <section class="preview" aria-label="Key preview">
      <h2 class="preview-title">{params.issuer || 'No issuer'}</h2>
      <p class="preview-account">{params.account || 'No account name'}</p>
      <p class="preview-kind">{describeParams(params)}</p>
      <CodeDisplay current={current} />
      {warnings.length > 0 && (
        <ul class="warnings">
          {warnings.map((w) => (
            <li key={w.code}>{w.message}</li>
          ))}
        </ul>
      )}
    </section>
  );
}
