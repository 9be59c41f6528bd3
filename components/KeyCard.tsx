import { useEffect, useState } from 'preact/hooks';
import { slotLabel } from '../lib/hid/slot-label';
import { localize, t, tn } from '../lib/i18n/translate';
import type { KeyView } from '../lib/messaging/protocol';
import { parseSites } from './account-order';
import { failureOf } from './errors';
import { Field } from './Field';
import { SubmitResult } from './SubmitResult';
import { useSubmit } from './use-submit';

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

const tries = (n: number) => tn('keys_tries_left', n);
type Task = () => Promise<void>; // i18n-ignore: a type, not text

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
  const [sites, setSites] = useState(slot.sites.join(', '));
  const [saved, setSaved] = useState(false);
  const { busy, failure, run, fail } = useSubmit();
  const error = failure?.message ?? '';
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
          {slot.label} · {t('keys_slot_digits', slot.digits)}
          {slot.period ? ` · ${t('keys_slot_every', slot.period)}` : ''}
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
          onClick={() => void run(async () => setShown(await onCode(slot.id)))}
        >
          {busy ? t('keys_asking') : slot.kind === 'hotp' ? t('keys_next_code') : t('keys_show_code')}
          <span class="visually-hidden"> {t('keys_code_of_slot', label)}</span>
        </button>
      </div>
      {shown?.secondsLeft !== undefined && <p class="hint">{t('keys_valid_for', shown.secondsLeft)}</p>}
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {manage && (
        <div class="row key-slot-manage">
          <label class="field">
            <span>
              {t('keys_use_on_sites')}
              <span class="visually-hidden"> ({label})</span>
            </span>
            <input
              class="key-sites"
              type="text"
              autocomplete="off"
              spellcheck={false}
              placeholder="example.com" // i18n-ignore: a domain name, not words
              value={sites}
              onInput={(e) => {
                setSites(e.currentTarget.value);
                setSaved(false);
              }}
              // The event's own value: state set by the last keystroke may not have rendered yet.
              onChange={(e) =>
                void manage.onBind(slot.id, parseSites(e.currentTarget.value)).then(
                  () => setSaved(true),
                  (e) => fail(failureOf(e).message),
                )
              }
            />
          </label>
          {saved && (
            <span class="hint key-sites-saved" role="status">
              {t('keys_sites_saved')}
            </span>
          )}
          <details class="key-erase">
            <summary>{t('keys_erase_summary')}</summary>
            <form
              class="row"
              onSubmit={(e) => {
                e.preventDefault();
                const input = (e.currentTarget as HTMLFormElement).elements.namedItem('admin-pin') as HTMLInputElement;
                if (!input.value) return fail(t('keys_erase_need_pin'));
                void manage.onErase(slot.id, input.value).catch((err) => fail(failureOf(err).message));
                input.value = '';
              }}
            >
              <input
                name="admin-pin"
                type="password"
                autocomplete="off"
                aria-label={t('keys_erase_pin_label', label)}
                placeholder={t('keys_admin_pin')}
              />
              <button type="submit" class="danger-quiet">
                {t('keys_erase_named', slot.name)}
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
  const [write, setWrite] = useState({ accountId: '', slot: '', adminPin: '' });
  const { busy, result: message, run: submit, done, fail } = useSubmit();
  /** Runs a key task; `said` tells the user it worked. */
  const run = (task: Task, said: string) =>
    submit(async () => {
      await task();
      done(said);
    });
  const used = new Set(k.slots.map((s) => s.id));
  // TOTP only: an HOTP account copied to a key would give out the same codes from two counters.
  const free = Array.from({ length: 15 }, (_, i) => i).filter((i) => !used.has(`totp-${i}`));

  // The model name and serial number: no words to translate.
  const cardLabel = `${k.name} ${k.serial}`;

  return (
    <section class="key-card" data-key={k.id} aria-label={cardLabel}>
      <h3>
        {k.name} <span class="hint">{t('keys_card_details', k.firmware, k.serial)}</span>
      </h3>
      {k.clock === 'needs-confirmation' && (
        <div class="notice notice-warn" role="status">
          <p>{t('keys_clock_ahead')}</p>
          <button
            type="button"
            class="key-set-clock"
            disabled={busy}
            onClick={() => run(onSetClock, t('keys_clock_set'))}
          >
            {t('keys_set_clock')}
          </button>
        </div>
      )}
      {k.pinRequired && !k.unlocked && (
        <form
          class="stack key-unlock"
          onSubmit={(e) => {
            e.preventDefault();
            if (pin === '') return fail(t('keys_unlock_need_pin'));
            void run(async () => {
              await onUnlock(pin);
              setPin('');
            }, t('keys_unlocked'));
          }}
        >
          <Field
            id={`pin-${k.id}`}
            label={t('keys_user_pin_label', tries(k.userRetries))}
            hint={t('keys_user_pin_hint')}
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
            {t('keys_unlock_button')}
          </button>
        </form>
      )}
      {k.slots.length === 0 ? (
        <p class="hint">{t('keys_no_slots')}</p>
      ) : (
        <ul class="key-slots">
          {k.slots.map((s) => (
            <SlotRow key={s.id} slot={s} onCode={onCode} manage={manage} />
          ))}
        </ul>
      )}
      {manage && (
        <details class="key-write">
          <summary>{t('keys_write_summary')}</summary>
          <p class="notice">{t('keys_write_notice', tries(k.adminRetries))}</p>
          <form
            class="stack"
            onSubmit={(e) => {
              e.preventDefault();
              const [slotKind, index] = write.slot.split('-');
              if (!write.accountId || !write.slot || !write.adminPin) return fail(t('keys_write_incomplete'));
              void run(async () => {
                await manage.onWrite(write.accountId, slotKind as 'totp' | 'hotp', Number(index), write.adminPin);
                setWrite({ accountId: '', slot: '', adminPin: '' });
              }, t('keys_written'));
            }}
          >
            <Field id={`write-account-${k.id}`} label={t('keys_write_account')}>
              <select
                id={`write-account-${k.id}`}
                value={write.accountId}
                onChange={(e) => setWrite({ ...write, accountId: e.currentTarget.value, slot: '' })}
              >
                <option value="">{t('keys_choose_account')}</option>
                {manage.accounts
                  .filter((a) => a.kind === 'totp')
                  .map((a) => (
                    <option key={a.id} value={a.id}>
                      {a.name}
                    </option>
                  ))}
              </select>
            </Field>
            <Field id={`write-slot-${k.id}`} label={t('keys_free_slot')}>
              <select
                id={`write-slot-${k.id}`}
                value={write.slot}
                onChange={(e) => setWrite({ ...write, slot: e.currentTarget.value })}
              >
                <option value="">{t('keys_choose_slot')}</option>
                {free.map((i) => (
                  <option key={i} value={`totp-${i}`}>
                    {localize(slotLabel('totp', i))}
                  </option>
                ))}
              </select>
            </Field>
            <Field id={`write-pin-${k.id}`} label={t('keys_admin_pin_label')}>
              <input
                id={`write-pin-${k.id}`}
                type="password"
                autocomplete="off"
                value={write.adminPin}
                onInput={(e) => setWrite({ ...write, adminPin: e.currentTarget.value })}
              />
            </Field>
            <button type="submit" disabled={busy || k.adminRetries === 0}>
              {t('keys_write_button')}
            </button>
          </form>
        </details>
      )}
      <SubmitResult result={message} />
    </section>
  );
}
