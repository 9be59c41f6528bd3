import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { currentCode } from '../lib/otp/code';
import { type AccountView, timeBasedParams } from '../lib/vault/view';
import { CodeDisplay } from './CodeDisplay';
import { type Clock, useSeconds } from './clock';
import { failureOf } from './errors';
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
        Copy code
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
  const [error, setError] = useState<string>();
  return (
    <>
      <p class="hint">
        Counter-based (HOTP): every code works once. Showing one moves the counter on; the site keeps in step as long as
        you do not skip many codes.
      </p>
      {code ? (
        <>
          <output class="code-digits first-hotp" data-code={code} aria-label={`Code ${code.split('').join(' ')}`}>
            {code}
          </output>
          <button type="button" class="copy-first" onClick={() => onCopy(code)}>
            Copy code
          </button>
        </>
      ) : (
        <button
          type="button"
          class="show-first"
          onClick={() =>
            onNext(account.id).then(setCode, (e) => {
              setError(failureOf(e).message);
            })
          }
        >
          Show the first code
        </button>
      )}
      {error && (
        <p class="error" role="alert">
          {error}
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
  const summary = [
    saved > 0 ? `Saved ${saved === 1 ? '1 account' : `${saved} accounts`}` : '',
    updated > 0 ? `updated ${updated}` : '',
  ]
    .filter(Boolean)
    .join(', ');
  return (
    <main class="screen">
      <ViewHeader title="Test the code" onBack={onDone} />
      <div class="stack">
        <p id="first-code-summary" class="scan-headline" tabIndex={-1} ref={heading} role="status">
          {summary.charAt(0).toUpperCase() + summary.slice(1)}.
        </p>
        {accounts.length === 1 && (
          <p class="hint">
            If the site asks for a code to finish turning on two-factor authentication, type this one. If the site
            refuses it, the key was not read right: remove the account and scan again before you leave the page.
          </p>
        )}
        <ul id="first-codes" class="first-codes">
          {accounts.slice(0, 20).map((a) => (
            <li key={a.id} class="first-code" data-id={a.id}>
              <h2>{a.issuer || a.account || 'Unnamed account'}</h2>
              {a.issuer && a.account && <p class="preview-account">{a.account}</p>}
              {a.kind === 'hotp' ? (
                <HotpCode account={a} onNext={onNextHotp} onCopy={onCopy} />
              ) : (
                <LiveCode account={a} clock={clock} onCopy={onCopy} />
              )}
              <button type="button" class="link-button add-recovery" onClick={() => onRecoveryCodes(a.id)}>
                Save the site’s recovery codes with it
              </button>
            </li>
          ))}
        </ul>
        {accounts.length > 20 && <p class="hint">…and {accounts.length - 20} more, all in your account list.</p>}
        <button type="button" id="first-code-done" class="primary" onClick={onDone}>
          Done
        </button>
      </div>
    </main>
  );
}
