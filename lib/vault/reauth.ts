import en from '../../locales/en/exports.json';
import { textsOf } from '../i18n/text';
import { checkHeader, passwordSlots } from './header';
import { unwrapAnyPasswordSlot } from './password-unwrap';
import type { SessionPort } from './session';
import type { VaultStore } from './store';
import { type AttemptPolicy, throttledAttempt, waitAfter } from './throttle';

const text = textsOf(en);

/** Wrong passwords allowed before any wait; each costs one Argon2id derivation already. */
export const FREE_ATTEMPTS = 3;
/** The longest wait between two attempts after many wrong passwords. */
export const MAX_WAIT_MS = 5 * 60_000;

/**
 * Failed confirmations, kept in session storage so a service-worker restart does not reset the count; a count of its
 * own, apart from unlock's (lib/vault/throttle.ts).
 */
const POLICY: AttemptPolicy = {
  key: 'reauthFailures',
  freeAttempts: FREE_ATTEMPTS,
  maxWaitMs: MAX_WAIT_MS,
  throttledText: (seconds) => text('exports_throttled', seconds),
};

/** How long to wait after `failures` wrong passwords in a row: none for the first few, then 1 s, 2 s, 4 s… */
export function reauthWait(failures: number): number {
  return waitAfter(failures, POLICY);
}

/**
 * Runs `attempt`, a check of the master password that throws VaultError('wrong-password') for a wrong one, under the
 * confirmation's throttle: refused with 'throttled' before it runs while a wait is due, a wrong password counted.
 * The export confirmation, adding a key and changing the password share this one count, so none of them is a way
 * round the others' waits.
 */
export function reauthAttempt<T>(session: SessionPort, now: number, attempt: () => Promise<T>): Promise<T> {
  return throttledAttempt(session, POLICY, () => now, attempt);
}

/**
 * Asks for the master password again before an export that reveals secrets
 * (docs/architecture.md "Attacks and their defences", 12): an unlocked vault alone is not enough, since whoever sits at
 * an unlocked browser could otherwise write every secret to a file in three clicks. The check unwraps a password slot
 * exactly as unlock does (docs/vault-format.md "Key slot", at most four slots tried) but keeps nothing: the session
 * stays as it was, open. Repeated wrong passwords wait longer and longer (throttled before any key derivation runs,
 * lib/vault/throttle.ts).
 *
 * Confirmations for one session run one after another: each reads the failure count only after the
 * one before has written it, so guesses sent all at once cannot all pass as "the first".
 */
export function confirmPassword(store: VaultStore, session: SessionPort, now: number, password: string): Promise<void> {
  return reauthAttempt(session, now, () => confirmOnce(store, password));
}

async function confirmOnce(store: VaultStore, password: string): Promise<void> {
  const header = checkHeader(await store.readHeader());
  (await unwrapAnyPasswordSlot(passwordSlots(header), password)).key.fill(0);
}
