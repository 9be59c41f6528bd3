import type { Text } from '../i18n/text';
import type { SyncEngineKind } from '../messaging/requests/sync';
import { SyncError } from './errors';

/*
 * When sync rounds run (docs/sync-format.md "When it syncs", "Failures"): after a local change (debounced), on
 * unlock, on the 15-minute alarm, and on "Sync now"; one round at a time; back-off after a failure, waived by
 * "Sync now"; nothing while locked. Pure: the round, the clock, the timers and the randomness are given to it, so
 * its tests drive it with fake timers.
 */

/** Debounce after a local change: WebDAV writes one small request; browser sync keeps far under Chrome's write rate. */
export const DEBOUNCE_MS: Record<SyncEngineKind, number> = { webdav: 5_000, 'storage-sync': 30_000 };

export interface Timers {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export interface RoundOutcome {
  uploaded: boolean;
  notices: Text[];
}

export interface SchedulerDeps {
  /** One round on the unlocked vault; throws a SyncError (or another error) when it fails. */
  round: () => Promise<RoundOutcome>;
  /** s-round's back-off (lib/sync/backoff.ts): ms before the next automatic try, undefined for none (401). */
  nextRetry: (failures: number, error: SyncError, random: () => number) => number | undefined;
  now: () => number;
  random: () => number;
  timers: Timers;
  /** Called after every change of what {@link SyncScheduler.memory} returns (the wiring keeps it in session storage). */
  changed?: (memory: SchedulerMemory) => void;
}

/**
 * What the status line needs and what must outlive a restarted service worker (MV3 stops it after 30 s idle): kept in
 * session storage by the wiring and handed back to a new scheduler.
 */
export interface SchedulerMemory {
  engine?: SyncEngineKind;
  /** Local changes since the last successful round. */
  waiting: number;
  /** Failed rounds in a row. */
  failures: number;
  /** The last round's failure. */
  error?: { code: string; text?: Text; message: string; status?: number };
  /** When the next automatic try runs (back-off). */
  retryAt?: number;
  /** No automatic retry until the person acts (401: repeated wrong logins lock accounts on Nextcloud and others). */
  held?: boolean;
  lastSyncAt?: number;
  notices: Text[];
}

export type SchedulerPhase = 'off' | 'waiting-unlock' | 'syncing' | 'idle';

export class SyncScheduler {
  #memory: SchedulerMemory;
  #unlocked = false;
  #running: Promise<void> | undefined;
  #queued: Promise<void> | undefined;
  #debounce: unknown;
  #retry: unknown;

  constructor(
    private readonly deps: SchedulerDeps,
    memory?: SchedulerMemory,
  ) {
    this.#memory = memory ? structuredClone(memory) : { waiting: 0, failures: 0, notices: [] };
  }

  memory(): SchedulerMemory {
    return structuredClone(this.#memory);
  }

  phase(): SchedulerPhase {
    if (!this.#unlocked) return this.#memory.engine ? 'waiting-unlock' : 'off';
    if (!this.#memory.engine) return 'off';
    return this.#running ? 'syncing' : 'idle';
  }

  /**
   * The vault is open with sync on `engine` (undefined: off). `resumed` is a restarted worker finding the vault
   * still open: a round runs only if one was due, so a worker woken every few seconds does not sync every time.
   */
  unlocked(engine: SyncEngineKind | undefined, resumed = false): void {
    this.#unlocked = true;
    if (!engine) {
      this.stop();
      return;
    }
    const switched = this.#memory.engine !== engine;
    this.#update({ engine });
    if (this.#memory.retryAt !== undefined && this.#memory.retryAt > this.deps.now()) {
      this.#armRetry(this.#memory.retryAt - this.deps.now());
      return;
    }
    if (!resumed || switched || this.#memory.waiting > 0 || this.#memory.retryAt !== undefined) this.#automatic();
  }

  /** Locked: timers cancelled, nothing runs until the next unlock (the key and the credentials are in the vault). */
  locked(): void {
    this.#unlocked = false;
    this.#cancel();
  }

  /** Sync turned off on this browser: nothing runs any more, and what was remembered goes. */
  stop(): void {
    this.#cancel();
    this.#memory = { waiting: 0, failures: 0, notices: [] };
    this.deps.changed?.(this.memory());
  }

  /** A committed local change that stamped the replica: one round after the engine's debounce. */
  localChange(): void {
    if (!this.#unlocked || !this.#memory.engine) return;
    this.#update({ waiting: this.#memory.waiting + 1 });
    if (this.#debounce !== undefined) this.deps.timers.clear(this.#debounce);
    this.#debounce = this.deps.timers.set(() => {
      this.#debounce = undefined;
      this.#automatic();
    }, DEBOUNCE_MS[this.#memory.engine]);
  }

  /**
   * Another browser's write reached the browser's sync storage (`storage.onChanged` for `tf:*`): one round after the
   * same debounce, so a burst of items arriving one by one is read once (docs/sync-format.md "When it syncs"). Only
   * for browser sync; nothing is waiting to be sent, so `waiting` is unchanged.
   */
  remoteChange(): void {
    if (!this.#unlocked || this.#memory.engine !== 'storage-sync') return;
    if (this.#debounce !== undefined) this.deps.timers.clear(this.#debounce);
    this.#debounce = this.deps.timers.set(() => {
      this.#debounce = undefined;
      this.#automatic();
    }, DEBOUNCE_MS['storage-sync']);
  }

  /** The periodic alarm (every 15 minutes while unlocked). */
  alarm(): void {
    this.#automatic();
  }

  /** "Sync now": back-off and a held 401 waived; answers after the round it asked for (queued after a running one). */
  syncNow(): Promise<void> {
    if (!this.#unlocked || !this.#memory.engine) return Promise.resolve();
    this.#clearRetry();
    // The round asked for starts after every change made so far: a pending debounce would only run an empty one after.
    if (this.#debounce !== undefined) this.deps.timers.clear(this.#debounce);
    this.#debounce = undefined;
    this.#update({ held: false, retryAt: undefined });
    return this.#request();
  }

  /**
   * Runs `fn` in the rounds' queue (after a running round, never beside one): setup, join and leave write the same
   * record a round writes.
   */
  exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const before = this.#running ?? Promise.resolve();
    const mine = before.then(fn);
    const done = mine.then(
      () => undefined,
      () => undefined,
    );
    this.#running = done;
    void done.then(() => {
      if (this.#running === done) this.#running = undefined;
    });
    return mine;
  }

  /** New settings or a fresh start (sync-start, sync-join): the failure history is forgotten. */
  reset(engine: SyncEngineKind): void {
    this.#clearRetry();
    this.#update({ engine, failures: 0, error: undefined, retryAt: undefined, held: false, notices: [] });
  }

  /** A round that ran outside the scheduler (the first upload of sync-start or sync-join) counts as one. */
  record(outcome: RoundOutcome): void {
    this.#succeeded(outcome, this.#memory.waiting);
  }

  #automatic(): void {
    if (!this.#unlocked || !this.#memory.engine || this.#memory.held) return;
    if (this.#memory.retryAt !== undefined && this.#memory.retryAt > this.deps.now()) return;
    void this.#request();
  }

  #request(): Promise<void> {
    if (this.#running) {
      // One more round after the running one, whatever number of requests arrive meanwhile.
      this.#queued ??= this.#running.then(() => {
        this.#queued = undefined;
        return this.#request();
      });
      return this.#queued;
    }
    const round = this.#runOnce();
    this.#running = round;
    void round.then(() => {
      if (this.#running === round) this.#running = undefined;
    });
    return round;
  }

  async #runOnce(): Promise<void> {
    if (!this.#unlocked || !this.#memory.engine) return;
    const waitingAtStart = this.#memory.waiting;
    try {
      const outcome = await this.deps.round();
      this.#succeeded(outcome, waitingAtStart);
    } catch (e) {
      this.#failed(e);
    }
  }

  #succeeded(outcome: RoundOutcome, waitingAtStart: number): void {
    this.#clearRetry();
    this.#update({
      // Changes made while the round ran may not be in its upload: they stay counted, and their debounce runs again.
      waiting: Math.max(0, this.#memory.waiting - waitingAtStart),
      failures: 0,
      error: undefined,
      retryAt: undefined,
      held: false,
      lastSyncAt: this.deps.now(),
      notices: outcome.notices,
    });
  }

  #failed(e: unknown): void {
    const failures = this.#memory.failures + 1;
    const error = {
      code: e instanceof SyncError || (e instanceof Error && 'code' in e) ? String((e as { code: unknown }).code) : '',
      text: (e as { text?: Text }).text,
      message: e instanceof Error ? e.message : String(e),
      status: e instanceof SyncError ? e.details.status : undefined,
    };
    // A round that found the vault locked (an auto-lock mid-round) waits for the unlock; nothing failed.
    if (!(e instanceof SyncError) && error.code === 'locked') {
      this.locked();
      return;
    }
    // Not a SyncError (a bug, a vault failure): shown, and retried by the alarm only.
    const delay = e instanceof SyncError ? this.deps.nextRetry(failures, e, this.deps.random) : undefined;
    const retryAt = delay === undefined ? undefined : this.deps.now() + delay;
    this.#update({ failures, error, retryAt, held: e instanceof SyncError && delay === undefined });
    if (delay !== undefined && this.#unlocked) this.#armRetry(delay);
  }

  #armRetry(ms: number): void {
    this.#clearRetry();
    this.#retry = this.deps.timers.set(() => {
      this.#retry = undefined;
      this.#update({ retryAt: undefined });
      this.#automatic();
    }, ms);
  }

  #clearRetry(): void {
    if (this.#retry !== undefined) this.deps.timers.clear(this.#retry);
    this.#retry = undefined;
  }

  #cancel(): void {
    this.#clearRetry();
    if (this.#debounce !== undefined) this.deps.timers.clear(this.#debounce);
    this.#debounce = undefined;
  }

  #update(patch: Partial<SchedulerMemory>): void {
    this.#memory = { ...this.#memory, ...patch };
    this.deps.changed?.(this.memory());
  }
}
