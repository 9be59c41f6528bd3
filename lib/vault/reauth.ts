import coreEn from '../../locales/en/core.json';
import en from '../../locales/en/exports.json';
import { textsOf } from '../i18n/text';
import { VaultError } from './errors';
import { checkHeader, passwordSlots } from './header';
import type { SessionPort } from './session';
import { unwrapPasswordSlot } from './slots';
import type { VaultStore } from './store';

const text = textsOf(en);
const coreText = textsOf(coreEn);

/** Failed confirmations, kept in session storage so a service-worker restart does not reset the count. */
const FAILURES = 'reauthFailures';

/** Wrong passwords allowed before any wait; each costs one Argon2id derivation (64 MiB) already. */
export const FREE_ATTEMPTS = 3;
/** The longest wait between two attempts after many wrong passwords. */
export const MAX_WAIT_MS = 5 * 60_000;

/** How long to wait after `failures` wrong passwords in a row: none for the first few, then 1 s, 2 s, 4 s… */
export function reauthWait(failures: number): number {
  if (failures < FREE_ATTEMPTS) return 0;
  return Math.min(MAX_WAIT_MS, 1000 * 2 ** (failures - FREE_ATTEMPTS));
}

interface Failures {
  count: number;
  at: number;
}

/** The confirmation running or last run for each session: the next one starts after it. */
const running = new WeakMap<SessionPort, Promise<unknown>>();

/**
 * Asks for the master password again before an export that reveals secrets
 * (docs/architecture.md "Attacks and their defences", 12): an unlocked vault alone is not enough, since whoever sits at
 * an unlocked browser could otherwise write every secret to a file in three clicks. The check unwraps a password slot
 * exactly as unlock does (docs/vault-format.md "Key slot") but keeps nothing: the session stays as it was, open.
 * Repeated wrong passwords wait longer and longer (throttled before any key derivation runs).
 *
 * Confirmations for one session run one after another: each reads the failure count only after the
 * one before has written it, so guesses sent all at once cannot all pass as "the first".
 */
export function confirmPassword(store: VaultStore, session: SessionPort, now: number, password: string): Promise<void> {
  const before = running.get(session) ?? Promise.resolve();
  const mine = before.then(
    () => confirmOnce(store, session, now, password),
    () => confirmOnce(store, session, now, password),
  );
  running.set(session, mine);
  return mine;
}

async function confirmOnce(store: VaultStore, session: SessionPort, now: number, password: string): Promise<void> {
  const failures = (await session.get<Failures>(FAILURES)) ?? { count: 0, at: 0 };
  const wait = reauthWait(failures.count) - (now - failures.at);
  if (wait > 0) throw new VaultError('throttled', text('exports_throttled', Math.ceil(wait / 1000)));
  const header = checkHeader(await store.readHeader());
  for (const slot of passwordSlots(header)) {
    try {
      const key = await unwrapPasswordSlot(slot, password);
      key.fill(0);
      if (failures.count > 0) await session.remove(FAILURES);
      return;
    } catch (e) {
      if (!(e instanceof VaultError && e.code === 'wrong-password')) throw e;
    }
  }
  await session.set(FAILURES, { count: failures.count + 1, at: now } satisfies Failures);
  throw new VaultError('wrong-password', coreText('core_vault_wrong_password'));
}
