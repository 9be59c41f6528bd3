import { useEffect, useState } from 'preact/hooks';
import type { KeyView } from '../lib/messaging/protocol';
import { failureOf } from './errors';
import { Field } from './Field';
import { parseSites } from './account-order';

type Slot = KeyView['slots'][number];

export interface KeyCardProps {
  keyView: KeyView;
  onCode(slotId: string): Promise<{ code: string; secondsLeft?: number }>;
  onUnlock(pin: string): Promise<void>;
  onSetClock(): Promise<void>;
  /** Management (the keys page only). */
  manage?: {
    accounts: { id: string; name: string; kind: 'totp' | 'hotp' | 'steam' }[];
    onBind(slotId: string, sites: string[]): Promise<void>;
    onWrite(accountId: string, kind: 'totp' | 'hotp', index: number, adminPin: string): Promise<void>;
    onErase(slotId: string, adminPin: string): Promise<void>;
  };
}

const tries = (n: number) => (n === 1 ? '1 try left' : `${n} tries left`);

function SlotRow({
  slot,
  onCode,
  manage,
}: {
  slot: Slot;
  onCode: KeyCardProps['onCode'];
  manage?: KeyCardProps['manage'];
}) {
  const [shown, setShown] = useState<{ code: string; secondsLeft?: number }>();
  const [error, setError] = useState('');
  const [sites, setSites] = useState(slot.sites.join(', '));
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const label = `${slot.name} (${slot.label})`;
  // A TOTP code is taken off the screen when it expires (by the key's clock, as the background estimates it).
  useEffect(() => {
    if (shown?.secondsLeft === undefined) return;
    const timer = setTimeout(() => setShown(undefined), Math.max(1, shown.secondsLeft) * 1000);
    return () => clearTimeout(timer);
  }, [shown]);
  return (
    <li class="key-slot" data-slot={slot.id}>
      <div class="key-slot-head">
        <span class="key-slot-name">{slot.name}</span>
        <span class="hint">
          {slot.label} · {slot.digits} digits{slot.period ? ` · every ${slot.period} s` : ''}
        </span>
        {/* Always mounted, so screen readers announce each new code. */}
        <output class="code-digits key-code" aria-live="polite">
          {shown?.code ?? ''}
        </output>
        <button
          type="button"
          class="key-show"
          disabled={busy}
          aria-busy={busy}
          onClick={async () => {
            setBusy(true);
            setError('');
            try {
              setShown(await onCode(slot.id));
            } catch (e) {
              setError(failureOf(e).message);
            }
            setBusy(false);
          }}
        >
          {busy ? 'Asking the key…' : slot.kind === 'hotp' ? 'Next code' : 'Show code'}
          <span class="visually-hidden"> of {label}</span>
        </button>
      </div>
      {shown?.secondsLeft !== undefined && <p class="hint">Valid for about {shown.secondsLeft} s.</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {manage && (
        <div class="row key-slot-manage">
          <label class="field">
            <span>
              Use on sites<span class="visually-hidden"> ({label})</span>
            </span>
            <input
              class="key-sites"
              type="text"
              autocomplete="off"
              spellcheck={false}
              placeholder="example.com"
              value={sites}
              onInput={(e) => {
                setSites(e.currentTarget.value);
                setSaved(false);
              }}
              // The event's own value: state set by the last keystroke may not have rendered yet.
              onChange={(e) =>
                void manage.onBind(slot.id, parseSites(e.currentTarget.value)).then(
                  () => setSaved(true),
                  (e) => setError(failureOf(e).message),
                )
              }
            />
          </label>
          {saved && (
            <span class="hint key-sites-saved" role="status">
              Saved
            </span>
          )}
          <details class="key-erase">
            <summary>Erase this slot…</summary>
            <form
              class="row"
              onSubmit={(e) => {
                e.preventDefault();
                const input = (e.currentTarget as HTMLFormElement).elements.namedItem('admin-pin') as HTMLInputElement;
                if (!input.value) return setError('Type the key’s admin PIN to erase the slot.');
                void manage.onErase(slot.id, input.value).catch((err) => setError(failureOf(err).message));
                input.value = '';
              }}
            >
              <input
                name="admin-pin"
                type="password"
                autocomplete="off"
                aria-label={`Admin PIN to erase ${label}`}
                placeholder="Admin PIN"
              />
              <button type="submit" class="danger-quiet">
                Erase {slot.name}
              </button>
            </form>
          </details>
        </div>
      )}
    </li>
  );
}

/** One plugged-in key: its state (PIN, clock) and its slots, with codes on demand. */
export function KeyCard({ keyView: k, onCode, onUnlock, onSetClock, manage }: KeyCardProps) {
  const [pin, setPin] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string }>();
  const [busy, setBusy] = useState(false);
  const [write, setWrite] = useState({ accountId: '', slot: '', adminPin: '' });
  const run = async (task: () => Promise<void>, done: string) => {
    setBusy(true);
    setMessage(undefined);
    try {
      await task();
      setMessage({ ok: true, text: done });
    } catch (e) {
      setMessage({ ok: false, text: failureOf(e).message });
    }
    setBusy(false);
  };
  const used = new Set(k.slots.map((s) => s.id));
  // TOTP only: an HOTP account copied to a key would give out the same codes from two counters.
  const free = Array.from({ length: 15 }, (_, i) => i).filter((i) => !used.has(`totp-${i}`));

  return (
    <section class="key-card" data-key={k.id} aria-label={`${k.name} ${k.serial}`}>
      <h3>
        {k.name}{' '}
        <span class="hint">
          firmware {k.firmware} · serial {k.serial}
        </span>
      </h3>
      {k.clock === 'needs-confirmation' && (
        <div class="notice notice-error" role="status">
          <p>
            The key’s clock is ahead of this computer’s, so its codes would be wrong. Set it to this computer’s time?
            (Only if this computer’s clock is right.)
          </p>
          <button
            type="button"
            class="key-set-clock"
            disabled={busy}
            onClick={() => run(onSetClock, 'The key’s clock is set.')}
          >
            Set the key’s clock
          </button>
        </div>
      )}
      {k.pinRequired && !k.unlocked && (
        <form
          class="stack key-unlock"
          onSubmit={(e) => {
            e.preventDefault();
            if (pin === '') return setMessage({ ok: false, text: 'Type the key’s user PIN.' });
            void run(async () => {
              await onUnlock(pin);
              setPin('');
            }, 'Unlocked until the key is unplugged.');
          }}
        >
          <Field
            id={`pin-${k.id}`}
            label={`User PIN of the key (${tries(k.userRetries)})`}
            hint="A wrong PIN uses up a try; at 0 the key's PIN is blocked. Twofold never retries it by itself."
          >
            <input
              id={`pin-${k.id}`}
              type="password"
              autocomplete="off"
              aria-describedby={`pin-${k.id}-hint`}
              value={pin}
              onInput={(e) => setPin(e.currentTarget.value)}
            />
          </Field>
          <button type="submit" disabled={busy || k.userRetries === 0}>
            Unlock the key
          </button>
        </form>
      )}
      {k.slots.length === 0 ? (
        <p class="hint">No OTP slot on this key is programmed.</p>
      ) : (
        <ul class="key-slots">
          {k.slots.map((s) => (
            <SlotRow key={s.id} slot={s} onCode={onCode} manage={manage} />
          ))}
        </ul>
      )}
      {manage && (
        <details class="key-write">
          <summary>Copy an account into a free slot</summary>
          <p class="notice">
            The key only makes HMAC-SHA1 codes of 6 or 8 digits, from secrets of at most 40 bytes, and only TOTP
            accounts are copied (an HOTP account on the key and in Twofold would give out the same codes twice). Writing
            needs the key’s admin PIN ({tries(k.adminRetries)}).
          </p>
          <form
            class="stack"
            onSubmit={(e) => {
              e.preventDefault();
              const [slotKind, index] = write.slot.split('-');
              if (!write.accountId || !write.slot || !write.adminPin)
                return setMessage({ ok: false, text: 'Choose an account, a free slot and type the admin PIN.' });
              void run(async () => {
                await manage.onWrite(write.accountId, slotKind as 'totp' | 'hotp', Number(index), write.adminPin);
                setWrite({ accountId: '', slot: '', adminPin: '' });
              }, 'Written to the key.');
            }}
          >
            <Field id={`write-account-${k.id}`} label="Account">
              <select
                id={`write-account-${k.id}`}
                value={write.accountId}
                onChange={(e) => setWrite({ ...write, accountId: e.currentTarget.value, slot: '' })}
              >
                <option value="">Choose an account</option>
                {manage.accounts
                  .filter((a) => a.kind === 'totp')
                  .map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
              </select>
            </Field>
            <Field id={`write-slot-${k.id}`} label="Free slot">
              <select
                id={`write-slot-${k.id}`}
                value={write.slot}
                onChange={(e) => setWrite({ ...write, slot: e.currentTarget.value })}
              >
                <option value="">Choose a slot</option>
                {free.map((i) => (
                  <option key={i} value={`totp-${i}`}>
                    TOTP slot {i + 1}
                  </option>
                ))}
              </select>
            </Field>
            <Field id={`write-pin-${k.id}`} label="Admin PIN of the key">
              <input
                id={`write-pin-${k.id}`}
                type="password"
                autocomplete="off"
                value={write.adminPin}
                onInput={(e) => setWrite({ ...write, adminPin: e.currentTarget.value })}
              />
            </Field>
            <button type="submit" disabled={busy || k.adminRetries === 0}>
              Write to the key
            </button>
          </form>
        </details>
      )}
      {message && (
        <p class={message.ok ? 'success' : 'error'} role={message.ok ? 'status' : 'alert'}>
          {message.text}
        </p>
      )}
    </section>
  );
}
