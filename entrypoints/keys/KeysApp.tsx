import { useCallback, useEffect, useState } from 'preact/hooks';
import { displayName } from '../../components/AccountRow';
import { Brand } from '../../components/Brand';
import { failureOf } from '../../components/errors';
import { KeyCard } from '../../components/KeyCard';
import { UnlockView } from '../../components/UnlockView';
import type { ResponseMap } from '../../lib/messaging/protocol';
import type { AccountView } from '../../lib/vault/view';
import { RequestError, sendRequest } from '../../platform/runtime-messaging';
import { requestKeys, webHidAvailable } from '../../platform/webhid';

type Phase = 'loading' | 'none' | 'locked' | 'unlocked' | 'failed';

/**
 * Hardware keys (issue 7): pairing needs Chrome's device chooser, which needs a window and a click,
 * so it lives in this page; after that the background reaches the key by itself.
 */
export function KeysApp() {
  const [phase, setPhase] = useState<Phase>('loading');
  const [list, setList] = useState<ResponseMap['keys-list']>();
  const [accounts, setAccounts] = useState<AccountView[]>([]);
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);

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
      setMessage({ ok: false, text: failureOf(e).message });
      setPhase('failed');
    }
  }, []);

  useEffect(() => {
    void sendRequest({ type: 'vault-state' }).then(
      (s) => (s.state === 'unlocked' ? load() : setPhase(s.state)),
      (e) => {
        setMessage({ ok: false, text: failureOf(e).message });
        setPhase('failed');
      },
    );
  }, [load]);

  async function pair() {
    setBusy(true);
    setMessage(undefined);
    try {
      const chosen = await requestKeys();
      if (chosen.length === 0) setMessage({ ok: false, text: 'No key was chosen.' });
      await sendRequest({ type: 'keys-changed' });
      await load();
    } catch (e) {
      setMessage({ ok: false, text: failureOf(e).message });
    }
    setBusy(false);
  }

  // After any key action, read the keys again, also after a failure: a wrong PIN changed the tries left.
  const act = async <T,>(task: () => Promise<T>): Promise<T> => {
    try {
      return await task();
    } finally {
      await load();
    }
  };

  return (
    <div class="options">
      <header class="options-header">
        <Brand subtitle="Hardware keys" />
      </header>
      {!webHidAvailable() || list?.available === false ? (
        <section class="panel" id="keys-unavailable">
          <h2>Hardware keys need WebHID</h2>
          <p>
            This browser has no WebHID, so Twofold cannot talk to hardware keys here. Chrome, Edge and other Chromium
            browsers (version 117 or later, on the desktop) have it. Your accounts in Twofold work as usual.
          </p>
        </section>
      ) : (
        <main class="options-main">
          {phase === 'locked' && (
            <UnlockView
              onUnlock={async (password) => {
                await sendRequest({ type: 'vault-unlock', password });
                await load();
              }}
            />
          )}
          {phase === 'none' && <p class="notice">Set up Twofold first: open it from the toolbar.</p>}
          {phase === 'unlocked' && list && (
            <>
              <section class="panel" id="keys-pair" aria-labelledby="keys-pair-title">
                <h2 id="keys-pair-title">Nitrokey Pro, Nitrokey Storage, Librem Key</h2>
                <p class="hint">
                  Plug the key in and connect it once; Chrome remembers the choice. Codes then come from the key’s OTP
                  slots, in the popup and on login pages, like your other accounts.
                </p>
                <button type="button" id="keys-connect" class="primary" disabled={busy} onClick={pair}>
                  Connect a key…
                </button>
              </section>
              {list.failures.map((f) => (
                <p key={f.name + f.message} class="notice notice-error" role="alert">
                  {f.name}: {f.message}
                </p>
              ))}
              {list.keys.length === 0 && <p id="keys-none">No connected key is plugged in.</p>}
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
                <h2>Which keys work</h2>
                <p>
                  Nitrokey Pro (firmware 0.10 or later), Nitrokey Storage (0.54 or later) and the Librem Key. YubiKey,
                  OnlyKey and Nitrokey 3 cannot be reached: Chrome blocks security keys from WebHID. On Linux, Chrome
                  needs access to the key’s hidraw device: see docs/hardware-keys.md for the udev rule.
                </p>
              </section>
            </>
          )}
          {message && (
            <p id="keys-message" class={message.ok ? 'success' : 'error'} role={message.ok ? 'status' : 'alert'}>
              {message.text}
            </p>
          )}
        </main>
      )}
    </div>
  );
}
