import { useCallback, useEffect, useMemo, useState } from 'preact/hooks';
import { displayName } from '../../components/account-order';
import { Brand } from '../../components/Brand';
import { failureOf } from '../../components/errors';
import { KeyCard } from '../../components/KeyCard';
import { SubmitResult } from '../../components/SubmitResult';
import { UnlockView } from '../../components/UnlockView';
import { useSubmit } from '../../components/use-submit';
import { t } from '../../lib/i18n/translate';
import type { ResponseMap } from '../../lib/messaging/protocol';
import type { AccountView } from '../../lib/vault/view';
import { RequestError, sendRequest } from '../../platform/runtime-messaging';
import { requestKeys, webHidAvailable } from '../../platform/webhid';
import { keyUnlockFor } from '../popup/key-unlock';

type Phase = 'loading' | 'none' | 'locked' | 'unlocked' | 'failed';
type Task<T> = () => Promise<T>; // i18n-ignore: a type, not text
/** The supported models: product names, the same in every language. */
const MODELS = 'Nitrokey Pro, Nitrokey Storage, Librem Key'; // i18n-ignore: product names

/*
 * The udev rule Chrome needs on Linux, shown on the page itself: a person who installed Twofold from a store has no
 * copy of docs/hardware-keys.md, which gives the same lines (keep them alike).
 */
const UDEV_FILE = '/etc/udev/rules.d/41-twofold-nitrokey.rules';
const UDEV_RULES = [
  ['20a0', '4108'],
  ['20a0', '4109'],
  ['316d', '4c4b'],
]
  .map(
    ([vendor, product]) =>
      `KERNEL=="hidraw*", SUBSYSTEM=="hidraw", ATTRS{idVendor}=="${vendor}", ATTRS{idProduct}=="${product}", TAG+="uaccess"`,
  )
  .join('\n');
const UDEV_RELOAD = 'sudo udevadm control --reload && sudo udevadm trigger'; // i18n-ignore: a command

/**
 * Hardware keys (docs/hardware-keys.md): pairing needs Chrome's device chooser, which needs a window and a click,
 * so it lives in this page; after that the background reaches the key by itself.
 */
export function KeysApp() {
  const [phase, setPhase] = useState<Phase>('loading');
  const [list, setList] = useState<ResponseMap['keys-list']>();
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const { busy, result: message, run, fail } = useSubmit();

  const load = useCallback(async () => {
    try {
      const [keys, listed] = await Promise.all([
        sendRequest({ type: 'keys-list' }),
        sendRequest({ type: 'accounts-list' }),
      ]);
      setList(keys);
      setAccounts(listed.accounts);
      setPhase('unlocked');
    } catch (e) {
      if (e instanceof RequestError && e.code === 'locked') return setPhase('locked');
      fail(failureOf(e).message);
      setPhase('failed');
    }
  }, [fail]);

  const keyUnlock = useMemo(() => keyUnlockFor(load), [load]);

  useEffect(() => {
    void sendRequest({ type: 'vault-state' }).then(
      (s) => (s.state === 'unlocked' ? load() : setPhase(s.state)),
      (e) => {
        fail(failureOf(e).message);
        setPhase('failed');
      },
    );
  }, [load]);

  function pair() {
    void run(async () => {
      const chosen = await requestKeys();
      if (chosen.length === 0) fail(t('keys_none_chosen'));
      await sendRequest({ type: 'keys-changed' });
      await load();
    });
  }

  // After any key action, read the keys again, also after a failure: a wrong PIN changed the tries left.
  const act = async <T,>(task: Task<T>): Promise<T> => {
    try {
      return await task();
    } finally {
      await load();
    }
  };

  return (
    <div class="options">
      <header class="options-header">
        <Brand subtitle={t('keys_title')} />
      </header>
      {!webHidAvailable() || list?.available === false ? (
        <section class="panel" id="keys-unavailable">
          <h2>{t('keys_webhid_title')}</h2>
          <p>{t('keys_webhid_missing')}</p>
        </section>
      ) : (
        <main class="options-main">
          {phase === 'locked' && (
            <UnlockView
              onUnlock={async (password) => {
                await sendRequest({ type: 'vault-unlock', password });
                await load();
              }}
              keyUnlock={keyUnlock}
            />
          )}
          {phase === 'none' && <p class="notice">{t('keys_setup_first')}</p>}
          {phase === 'unlocked' && list && (
            <>
              <section class="panel" id="keys-pair" aria-labelledby="keys-pair-title">
                <h2 id="keys-pair-title">{MODELS}</h2>
                <p class="hint">{t('keys_pair_hint')}</p>
                <button type="button" id="keys-connect" class="primary" disabled={busy} onClick={pair}>
                  {t('keys_connect')}
                </button>
              </section>
              {list.failures.map((f) => (
                <p key={f.name + f.message} class="notice notice-error" role="alert">
                  {t('keys_failure', f.name, f.message)}
                </p>
              ))}
              {list.keys.length === 0 && <p id="keys-none">{t('keys_none_plugged')}</p>}
              {list.keys.map((k) => (
                <KeyCard
                  key={k.id}
                  keyView={k}
                  onCode={(slotId) => sendRequest({ type: 'key-code', keyId: k.id, slotId })}
                  onUnlock={(pin) => act(() => sendRequest({ type: 'key-unlock', keyId: k.id, pin })).then(() => {})}
                  onSetClock={() => act(() => sendRequest({ type: 'key-set-clock', keyId: k.id })).then(() => {})}
                  manage={{
                    accounts: accounts.map((a) => ({ id: a.id, name: displayName(a), kind: a.kind })),
                    onBind: (slotId, sites) =>
                      act(() => sendRequest({ type: 'key-bind', keyId: k.id, slotId, sites })).then(() => {}),
                    onWrite: (accountId, kind, index, adminPin) =>
                      act(() => sendRequest({ type: 'key-write', keyId: k.id, accountId, kind, index, adminPin })).then(
                        () => {},
                      ),
                    onErase: (slotId, adminPin) =>
                      act(() => sendRequest({ type: 'key-erase', keyId: k.id, slotId, adminPin })).then(() => {}),
                  }}
                />
              ))}
              <section class="panel" id="keys-help">
                <h2>{t('keys_help_title')}</h2>
                <p>{t('keyshelp_store')}</p>
                <p id="keys-linux">{t('keyshelp_linux', UDEV_FILE)}</p>
                <pre class="keys-udev" id="keys-udev">{`${UDEV_RULES}\n\n${UDEV_RELOAD}`}</pre>
              </section>
            </>
          )}
          <SubmitResult id="keys-message" result={message} />
        </main>
      )}
    </div>
  );
}
