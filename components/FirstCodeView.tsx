import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { t, tn } from '../lib/i18n/translate';
import { currentCode } from '../lib/otp/code';
import { type AccountView, timeBasedParams } from '../lib/vault/view';
import { displayName } from './account-order';
import { CodeDisplay } from './CodeDisplay';
import { type Clock, useSeconds } from './clock';
import { useSubmit } from './use-submit';
import { ViewHeader } from './ViewHeader';

function LiveCode({ account, clock, onCopy }: { account: AccountView; clock: Clock; onCopy(code: string): void }) {
  const seconds = useSeconds(clock);
  const params = useMemo(() => timeBasedParams(account), [account]);
  if (!params) return null;
  const current = currentCode(params, seconds);
  return (
    <>
      <CodeDisplay current={current} />
      <button type="button" class="copy-first" onClick={() => onCopy(current.code)}>
        {t('add_first_copy')}
      </button>
    </>
  );
}

function HotpCode({
  account,
  onNext,
  onCopy,
}: {
  account: AccountView;
  onNext(id: string): Promise<string>;
  onCopy(code: string): void;
}) {
  const [code, setCode] = useState<string>();
  // One request at a time: a double click must not take two codes off the counter.
  const { busy, failure, run } = useSubmit();
  return (
    <>
      <p class="hint">{t('add_first_hotp_hint')}</p>
      {code ? (
        <>
          <output
            class="code-digits first-hotp"
            data-code={code}
            aria-label={t('add_first_code_label', code.split('').join(' '))}
          >
            {code}
          </output>
          <button type="button" class="copy-first" onClick={() => onCopy(code)}>
            {t('add_first_copy')}
          </button>
        </>
      ) : (
        <button
          type="button"
          class="show-first"
          disabled={busy}
          onClick={() => void run(async () => setCode(await onNext(account.id)))}
        >
          {t('add_first_show')}
        </button>
      )}
      {failure && (
        <p class="error" role="alert">
          {failure.message}
        </p>
      )}
    </>
  );
}

/**
 * After enrolment: the code to type into the site now, before the site turns two-factor on, so a key
 * that does not work is found while the site still lets you in without it.
 */
export function FirstCodeView({
  accounts,
  updated,
  clock,
  onNextHotp,
  onCopy,
  onRecoveryCodes,
  onDone,
}: {
  accounts: AccountView[];
  updated: number;
  clock: Clock;
  onNextHotp(id: string): Promise<string>;
  onCopy(code: string): void;
  onRecoveryCodes(id: string): void;
  onDone(): void;
}) {
  const heading = useRef<HTMLParagraphElement>(null);
  useLayoutEffect(() => heading.current?.focus(), []);
  const saved = accounts.length - updated;
  const summary =
    updated === 0
      ? tn('add_first_saved', saved)
      : saved > 0
        ? tn('add_first_saved_updated', saved, updated)
        : tn('add_first_updated', updated);
  return (
    <main class="screen">
      <ViewHeader title={t('add_first_title')} onBack={onDone} />
      <div class="stack">
        <p id="first-code-summary" class="scan-headline" tabIndex={-1} ref={heading} role="status">
          {summary}
        </p>
        {accounts.length === 1 && <p class="hint">{t('add_first_hint')}</p>}
        <ul id="first-codes" class="first-codes">
          {accounts.slice(0, 20).map((a) => (
            <li key={a.id} class="first-code" data-id={a.id}>
              <h2>{displayName(a)}</h2>
              {a.issuer && a.account && <p class="preview-account">{a.account}</p>}
              {a.kind === 'hotp' ? (
                <HotpCode account={a} onNext={onNextHotp} onCopy={onCopy} />
              ) : (
                <LiveCode account={a} clock={clock} onCopy={onCopy} />
              )}
              <button type="button" class="link-button add-recovery" onClick={() => onRecoveryCodes(a.id)}>
                {t('add_first_recovery')}
              </button>
            </li>
          ))}
        </ul>
        {accounts.length > 20 && <p class="hint">{tn('add_first_more', accounts.length - 20)}</p>}
        <button type="button" id="first-code-done" class="primary" onClick={onDone}>
          {t('common_done')}
        </button>
      </div>
    </main>
  );
}
