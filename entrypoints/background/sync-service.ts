import type { SyncJoinPreview, SyncProbe, SyncStatusView } from '../../lib/messaging/requests/sync';
import { SyncError } from '../../lib/sync/errors';
import type { EngineConfig } from '../../lib/sync/record';
import { type SchedulerMemory, SyncScheduler, type Timers } from '../../lib/sync/scheduler';
import { SyncServiceError, text } from '../../lib/sync/service-errors';
import { statusView } from '../../lib/sync/status';
import { VaultError } from '../../lib/vault/errors';
import { FREE_ATTEMPTS, MAX_WAIT_MS } from '../../lib/vault/reauth';
import type { SessionPort, VaultSession } from '../../lib/vault/session';
import { type AttemptPolicy, throttledAttempt } from '../../lib/vault/throttle';
import { type EngineEffects, type EngineForm, type EngineParts, engineConfig, engineFor } from './sync-engine';
import type { PendingJoin, RoundReport, SyncVault } from './sync-parts';

/*
 * The background's sync service (docs/sync-format.md "When it syncs", "Joining a second device"): the scheduler, the
 * preview a join waits on, and the engine each request builds from the parts. Sync runs only while the vault is open:
 * the sync key and the server credentials are inside it.
 */

export interface SyncServiceDeps {
  session: Pick<VaultSession, 'current' | 'require' | 'confirmPassword'>;
  /** The session's storage (storage.session): the confirmation's throttle count and the scheduler's memory. */
  sessionStore: SessionPort;
  /** s-vault's `session.syncVault()`: the open vault as a sync port with its local-change event. */
  syncVault: () => Promise<SyncVault>;
  parts: EngineParts;
  nextRetry: ConstructorParameters<typeof SyncScheduler>[0]['nextRetry'];
  fx: EngineEffects & { random01: () => number };
  timers: Timers;
  /** The 15-minute alarm: created while sync is on and the vault open, cleared otherwise. */
  alarm: { start(): void; stop(): void };
  /** The name suggested for this browser ("Chrome on Linux"), for the form while sync is off. */
  suggestedName: () => Promise<string>;
}

/**
 * Wrong passwords of the other browsers (sync-join-preview), counted apart from the master password's confirmation:
 * the right master password, typed before each guess, resets that count and so would never let this one grow.
 */
export const REMOTE_ATTEMPTS: AttemptPolicy = {
  key: 'syncRemoteFailures',
  freeAttempts: FREE_ATTEMPTS,
  maxWaitMs: MAX_WAIT_MS,
  throttledText: (seconds) => text('syncservice_throttled', seconds),
};

/** The scheduler's memory in session storage: a restarted worker keeps the back-off and the waiting count. */
export const MEMORY_KEY = 'syncScheduler';

export class SyncService {
  readonly scheduler: SyncScheduler;
  #pending: PendingJoin | undefined;
  #pendingConfig: EngineConfig | undefined;
  #unsubscribe: (() => void) | undefined;
  #attached = false;

  private constructor(
    private readonly deps: SyncServiceDeps,
    memory: SchedulerMemory | undefined,
  ) {
    this.scheduler = new SyncScheduler(
      {
        round: () => this.#round(),
        nextRetry: deps.nextRetry,
        now: deps.fx.now,
        random: deps.fx.random01,
        timers: deps.timers,
        changed: (m) => void deps.sessionStore.set(MEMORY_KEY, m).catch(() => {}),
      },
      memory,
    );
  }

  static async create(deps: SyncServiceDeps): Promise<SyncService> {
    return new SyncService(deps, await deps.sessionStore.get<SchedulerMemory>(MEMORY_KEY));
  }

  /**
   * The vault was opened (`resumed`: found open by a restarted worker). Reads whether sync is on; with it off nothing
   * is requested and no alarm exists.
   */
  async unlocked(resumed = false): Promise<void> {
    let vault: SyncVault;
    try {
      vault = await this.deps.syncVault();
    } catch (e) {
      if (e instanceof VaultError && e.code === 'locked') return;
      throw e;
    }
    this.#unsubscribe?.();
    this.#unsubscribe = vault.onLocalChange(() => this.scheduler.localChange());
    this.#attached = true;
    const engine = vault.syncRecord()?.engine.kind;
    if (engine) this.deps.alarm.start();
    else this.deps.alarm.stop();
    this.scheduler.unlocked(engine, resumed);
  }

  /** The vault was locked: nothing runs, the alarm goes, and so does a preview's opened sync. */
  locked(): void {
    this.#unsubscribe?.();
    this.#unsubscribe = undefined;
    this.#attached = false;
    this.#pending = undefined;
    this.#pendingConfig = undefined;
    this.scheduler.locked();
    this.deps.alarm.stop();
  }

  /** The periodic alarm: a round when one is due; nothing while locked. */
  async alarm(): Promise<void> {
    if (!(await this.#ensureAttached())) return;
    this.scheduler.alarm();
  }

  /** Another browser wrote to the browser's sync storage: a debounced round, only when browser sync is on. */
  async remoteChange(): Promise<void> {
    if (!(await this.#ensureAttached())) return;
    this.scheduler.remoteChange();
  }

  async status(): Promise<SyncStatusView> {
    const open = await this.#ensureAttached();
    let record: ReturnType<SyncVault['syncRecord']>;
    if (open) record = (await this.deps.syncVault()).syncRecord();
    const phase = this.scheduler.phase();
    return statusView({
      phase,
      memory: this.scheduler.memory(),
      record,
      suggestedName: phase === 'off' ? await this.deps.suggestedName() : undefined,
    });
  }

  async probe(form: EngineForm): Promise<SyncProbe> {
    await this.deps.session.require();
    const engine = await engineFor(this.deps.parts, this.deps.fx, engineConfig(this.deps.parts, form));
    return engine.probe();
  }

  /**
   * The first device: the master password is confirmed first, under the confirmation's throttle
   * (`vault-confirm-password`): the slot written to the server is made from it, and without the check whoever sits at
   * an open browser could send every secret to a server of theirs under a password of their choosing.
   */
  async start(form: EngineForm, masterPassword: string, deviceName: string): Promise<void> {
    await this.deps.session.require();
    await this.deps.session.confirmPassword(masterPassword);
    const engine = await engineFor(this.deps.parts, this.deps.fx, engineConfig(this.deps.parts, form));
    await this.#setup(engine.config.kind, async (vault) => engine.start({ masterPassword, deviceName }, vault));
  }

  /**
   * Opens an existing sync and says what joining would do; writes nothing. The master password is confirmed as for
   * `start`, and the other browsers' password is tried under a throttle of its own ({@link REMOTE_ATTEMPTS}): an
   * open browser is no faster way to guess it than the files are.
   */
  async joinPreview(
    form: EngineForm,
    remotePassword: string,
    masterPassword: string,
    deviceName: string,
  ): Promise<SyncJoinPreview> {
    const vault = await this.deps.session.require();
    await this.deps.session.confirmPassword(masterPassword);
    const engine = await engineFor(this.deps.parts, this.deps.fx, engineConfig(this.deps.parts, form));
    const pending = await throttledAttempt(this.deps.sessionStore, REMOTE_ATTEMPTS, this.deps.fx.now, async () => {
      try {
        return await engine.prepareJoin({ remotePassword, masterPassword, deviceName }, vault.accounts());
      } catch (e) {
        // Counted by the throttle as a wrong password (it counts the vault's code), in the sync's own words.
        if (e instanceof SyncError && e.code === 'wrong-password')
          throw new VaultError('wrong-password', e.text ?? text('syncservice_wrong_password'), { cause: e });
        throw e;
      }
    });
    // One preview at a time: a new one replaces the last.
    this.#pending = pending;
    this.#pendingConfig = engine.config;
    return pending.preview;
  }

  /** Joins the sync the last preview opened (used once; gone after a lock). */
  async join(): Promise<void> {
    await this.deps.session.require();
    const pending = this.#pending;
    const config = this.#pendingConfig;
    if (!pending || !config) throw new SyncServiceError('no-preview', text('syncservice_no_preview'));
    this.#pending = undefined;
    this.#pendingConfig = undefined;
    const engine = await engineFor(this.deps.parts, this.deps.fx, config);
    await this.#setup(config.kind, (vault) => engine.commitJoin(pending, vault));
  }

  /** "Sync now": back-off waived; answers the status after the round. */
  async now(): Promise<SyncStatusView> {
    if (await this.#ensureAttached()) await this.scheduler.syncNow();
    return this.status();
  }

  /** Turns sync off here (the vault stays); the files on the server go too when asked. Then nothing runs. */
  async off(removeFiles: boolean): Promise<void> {
    await this.deps.session.require();
    const vault = await this.deps.syncVault();
    const record = vault.syncRecord();
    if (!record) throw new SyncServiceError('not-on', text('syncservice_not_on'));
    const engine = await engineFor(this.deps.parts, this.deps.fx, record.engine, removeFiles);
    await this.scheduler.exclusive(() => engine.leave(vault, removeFiles));
    this.scheduler.stop();
    this.deps.alarm.stop();
  }

  /**
   * sync-start and sync-join: run in the rounds' queue, then count as a round. The scheduler is attached again even
   * when the first upload failed after the local commit (sync is then on, and the next round retries it).
   */
  async #setup(kind: 'webdav' | 'storage-sync', run: (vault: SyncVault) => Promise<RoundReport>): Promise<void> {
    const vault = await this.deps.syncVault();
    try {
      const report = await this.scheduler.exclusive(() => run(vault));
      this.scheduler.reset(kind);
      this.scheduler.record(report);
    } finally {
      await this.unlocked(true);
    }
  }

  /** A restarted worker finds the vault open without an unlock event: attached on the first request or alarm. */
  async #ensureAttached(): Promise<boolean> {
    if (!(await this.deps.session.current())) {
      if (this.#attached) this.locked();
      return false;
    }
    if (!this.#attached) await this.unlocked(true);
    return true;
  }

  async #round(): Promise<RoundReport> {
    const vault = await this.deps.syncVault();
    const record = vault.syncRecord();
    if (!record) throw new SyncServiceError('not-on', text('syncservice_not_on'));
    const engine = await engineFor(this.deps.parts, this.deps.fx, record.engine);
    return engine.round(vault);
  }
}
