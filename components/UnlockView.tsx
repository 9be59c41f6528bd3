import { useEffect, useRef, useState } from 'preact/hooks';
import { failureCode } from '../lib/errors';
import { t } from '../lib/i18n/translate';
import { Brand } from './Brand';
import { Field } from './Field';
import { useSubmit } from './use-submit';

/**
 * Unlocking with a passkey or security key (README "Unlock with a passkey or security key"). The page that shows
 * the unlock screen supplies it: whether any key can unlock (`vault-prf-credentials`), and the ceremony itself.
 */
export interface KeyUnlock {
  /** How many passkeys or security keys can unlock this vault (0 hides the button). */
  count(): Promise<number>;
  /** Asks for the touch and unlocks (or, in the toolbar popup, opens a window that does: `opensWindow`). */
  unlock(): Promise<void>;
  /** The click opens a window instead of asking here (the toolbar popup closes when the browser's dialog shows). */
  opensWindow?: boolean;
  /** The window opened for the touch: the key button takes the focus, so one more Enter or click asks. */
  focusKey?: boolean;
}

/** Seconds to wait that a `throttled` failure names (its Text's first number), else undefined. */
function waitOf(e: unknown): number | undefined {
  if (failureCode(e) !== 'throttled') return undefined;
  const [seconds] = ((e as { text?: { subs?: unknown[] } }).text?.subs ?? []) as unknown[];
  return typeof seconds === 'number' && seconds > 0 ? seconds : undefined;
}

/** The vault exists but is locked: a passkey or security key first when one was added, the master password below. */
export function UnlockView({
  onUnlock,
  keyUnlock,
}: {
  onUnlock(password: string): Promise<void>;
  keyUnlock?: KeyUnlock;
}) {
  const [password, setPassword] = useState('');
  const [keys, setKeys] = useState(0);
  /** What is running: the password's key derivation, or the touch and then the key's unlock. */
  const [working, setWorking] = useState<'password' | 'key'>();
  /** Seconds left of a `throttled` answer that named them (undefined: none counting). */
  const [wait, setWait] = useState<number>();
  const input = useRef<HTMLInputElement>(null);
  const keyButton = useRef<HTMLButtonElement>(null);
  const { busy, failure, run, fail } = useSubmit({ focus: () => input.current, select: true });
  const keyFlow = useSubmit({ focus: () => keyButton.current });
  // A throttled answer shows one line that counts down (the background's own "in 5 s" would go stale beside a
  // counter) and is gone at 0: the wait is over and the password is not known to be wrong.
  const counting = failure?.code === 'throttled' && wait !== undefined;
  const error = counting ? (wait > 0 ? t('prfui_throttled_live', wait) : '') : (failure?.message ?? '');

  useEffect(() => {
    if (keyUnlock?.focusKey) return;
    input.current?.focus();
  }, [keyUnlock?.focusKey]);

  useEffect(() => {
    if (!keyUnlock) return;
    let live = true;
    keyUnlock.count().then(
      (n) => live && setKeys(n),
      () => live && setKeys(0),
    );
    return () => {
      live = false;
    };
  }, [keyUnlock]);

  useEffect(() => {
    if (keys > 0 && keyUnlock?.focusKey) keyButton.current?.focus();
  }, [keys, keyUnlock?.focusKey]);

  // A throttled answer counts down to when a try is taken again; the button stays usable all along.
  useEffect(() => {
    if (wait === undefined || wait <= 0) return;
    const timer = setTimeout(() => setWait((w) => (w === undefined ? w : w - 1)), 1000);
    return () => clearTimeout(timer);
  }, [wait]);

  function submit(e: Event) {
    e.preventDefault();
    if (password === '') return fail(t('add_unlock_empty'));
    setWorking('password');
    setWait(undefined);
    void run(async () => {
      try {
        await onUnlock(password);
      } catch (err) {
        setWait(waitOf(err));
        throw err;
      }
    }).finally(() => setWorking(undefined));
  }

  function unlockWithKey() {
    if (!keyUnlock) return;
    setWorking('key');
    void keyFlow.run(() => keyUnlock.unlock()).finally(() => setWorking(undefined));
  }

  const anyBusy = busy || keyFlow.busy;
  return (
    <main class="screen screen-center">
      <Brand subtitle={t('add_unlock_subtitle')} />
      {keys > 0 && keyUnlock && (
        <div class="stack key-unlock">
          <button
            type="button"
            id="unlock-key"
            ref={keyButton}
            class="primary"
            disabled={anyBusy}
            aria-describedby={
              [keyUnlock.opensWindow ? 'unlock-key-hint' : '', keyFlow.failure ? 'unlock-key-error' : '']
                .filter(Boolean)
                .join(' ') || undefined
            }
            onClick={unlockWithKey}
          >
            {t('prfui_unlock_with_key')}
          </button>
          {keyUnlock.opensWindow && (
            <p class="hint" id="unlock-key-hint">
              {t('prfui_opens_window')}
            </p>
          )}
          {working === 'key' && (
            <p class="hint" role="status" id="unlock-key-status">
              {t('prfui_unlock_touch')}
            </p>
          )}
          {keyFlow.failure && (
            <p id="unlock-key-error" class="error" role="alert">
              {keyFlow.failure.message}
            </p>
          )}
          <p class="or-divider" id="unlock-or">
            {t('prfui_or_password')}
          </p>
        </div>
      )}
      <form id="unlock" class="stack" onSubmit={submit} aria-busy={busy} noValidate>
        <Field id="password" label={t('add_master_password_label')}>
          <input
            id="password"
            ref={input}
            type="password"
            autocomplete="current-password"
            value={password}
            aria-invalid={error !== ''}
            aria-describedby={error ? 'unlock-error' : undefined}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        {error && (
          // A countdown is a timer (aria-live off): an alert would be read out again every second. The field it
          // describes has the focus when it appears, so its first words are read.
          <p id="unlock-error" class="error" role={counting ? 'timer' : 'alert'}>
            {error}
          </p>
        )}
        {working !== undefined && (
          <div
            class="progress-indeterminate"
            role="progressbar"
            aria-label={t('prfui_unlocking')}
            id="unlock-progress"
          />
        )}
        <button type="submit" class={keys > 0 ? undefined : 'primary'} disabled={anyBusy}>
          {busy ? t('add_unlocking') : t('add_unlock_button')}
        </button>
      </form>
    </main>
  );
}
