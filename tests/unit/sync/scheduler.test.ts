import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SyncError } from '../../../lib/sync/errors';
import { DEBOUNCE_MS, type RoundOutcome, type SchedulerDeps, SyncScheduler } from '../../../lib/sync/scheduler';

/*
 * The scheduler with vitest's fake timers: rounds are promises the test settles, so "one round at a time" is seen
 * directly, never inferred from timing.
 */

/** A stand-in for lib/sync/backoff.ts with the spec's table (30 s, 1, 2, 4, 8, then 15 min; no jitter; 401: none). */
function fakeNextRetry(failures: number, error: SyncError): number | undefined {
  if (error.code === 'auth') return undefined;
  return [30_000, 60_000, 120_000, 240_000, 480_000][failures - 1] ?? 900_000;
}

interface Pending {
  resolve: (o: RoundOutcome) => void;
  reject: (e: unknown) => void;
}

function harness(nextRetry = fakeNextRetry) {
  const rounds: Pending[] = [];
  let running = 0;
  let maxParallel = 0;
  const deps: SchedulerDeps = {
    round: () =>
      new Promise<RoundOutcome>((resolve, reject) => {
        running++;
        maxParallel = Math.max(maxParallel, running);
        const done = () => running--;
        rounds.push({
          resolve: (o) => {
            done();
            resolve(o);
          },
          reject: (e) => {
            done();
            reject(e);
          },
        });
      }),
    nextRetry: vi.fn(nextRetry),
    now: () => Date.now(),
    random: () => 0.5,
    timers: { set: (fn, ms) => setTimeout(fn, ms), clear: (h) => clearTimeout(h as number) },
  };
  const scheduler = new SyncScheduler(deps);
  const settle = async () => {
    // Lets the round's promise chain run (no time passes).
    for (let i = 0; i < 10; i++) await Promise.resolve();
  };
  return { scheduler, rounds, deps, settle, maxParallel: () => maxParallel };
}

const clean: RoundOutcome = { uploaded: true, notices: [] };

beforeEach(() => {
  vi.useFakeTimers();
  vi.setSystemTime(1_800_000_000_000);
});
afterEach(() => vi.useRealTimers());

describe('sync scheduler', () => {
  it('runs a round on unlock, and none while locked or with sync off', async () => {
    const { scheduler, rounds, settle } = harness();
    scheduler.localChange();
    scheduler.alarm();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(rounds).toHaveLength(0);
    expect(scheduler.phase()).toBe('off');

    scheduler.unlocked(undefined);
    scheduler.localChange();
    scheduler.alarm();
    await vi.advanceTimersByTimeAsync(60_000);
    expect(rounds).toHaveLength(0);

    scheduler.unlocked('webdav');
    await settle();
    expect(rounds).toHaveLength(1);
    expect(scheduler.phase()).toBe('syncing');
    rounds[0]?.resolve(clean);
    await settle();
    expect(scheduler.phase()).toBe('idle');

    scheduler.locked();
    expect(scheduler.phase()).toBe('waiting-unlock');
    scheduler.localChange();
    scheduler.alarm();
    await scheduler.syncNow();
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(rounds).toHaveLength(1);
  });

  it('debounces local changes: 5 s for WebDAV, one round for a burst of changes', async () => {
    const { scheduler, rounds, settle } = harness();
    scheduler.unlocked('webdav');
    await settle();
    rounds[0]?.resolve(clean);
    await settle();
    for (let i = 0; i < 4; i++) {
      scheduler.localChange();
      await vi.advanceTimersByTimeAsync(DEBOUNCE_MS.webdav - 1_000);
    }
    expect(rounds).toHaveLength(1);
    expect(scheduler.memory().waiting).toBe(4);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(rounds).toHaveLength(2);
    rounds[1]?.resolve(clean);
    await settle();
    expect(scheduler.memory().waiting).toBe(0);
  });

  it('debounces 30 s for browser sync', async () => {
    const { scheduler, rounds, settle } = harness();
    scheduler.unlocked('storage-sync');
    await settle();
    rounds[0]?.resolve(clean);
    await settle();
    scheduler.localChange();
    await vi.advanceTimersByTimeAsync(29_999);
    expect(rounds).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(rounds).toHaveLength(2);
  });

  it("reads another browser's browser-sync write after the debounce, and ignores such changes with WebDAV", async () => {
    const { scheduler, rounds, settle } = harness();
    scheduler.unlocked('storage-sync');
    await settle();
    rounds[0]?.resolve(clean);
    await settle();
    for (let i = 0; i < 3; i++) scheduler.remoteChange();
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS['storage-sync']);
    expect(rounds).toHaveLength(2);
    expect(scheduler.memory().waiting).toBe(0);
    rounds[1]?.resolve(clean);
    await settle();

    const dav = harness();
    dav.scheduler.unlocked('webdav');
    await dav.settle();
    dav.rounds[0]?.resolve(clean);
    await dav.settle();
    dav.scheduler.remoteChange();
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS['storage-sync']);
    expect(dav.rounds).toHaveLength(1);
  });

  it('"sync now" takes a pending debounce with it: no second round right after the one it answers', async () => {
    const { scheduler, rounds, settle } = harness();
    scheduler.unlocked('webdav');
    await settle();
    rounds[0]?.resolve(clean);
    await settle();
    scheduler.localChange();
    const answered = scheduler.syncNow();
    await settle();
    expect(rounds).toHaveLength(2);
    rounds[1]?.resolve(clean);
    await answered;
    await vi.advanceTimersByTimeAsync(DEBOUNCE_MS.webdav);
    expect(rounds).toHaveLength(2);
    expect(scheduler.phase()).not.toBe('syncing');
  });

  it('runs one round at a time: requests during a round run one more round after it, never two at once', async () => {
    const { scheduler, rounds, settle, maxParallel } = harness();
    scheduler.unlocked('webdav');
    await settle();
    const answers = [scheduler.syncNow(), scheduler.syncNow()];
    scheduler.alarm();
    await settle();
    expect(rounds).toHaveLength(1);
    let answered = 0;
    for (const a of answers) void a.then(() => answered++);
    rounds[0]?.resolve(clean);
    await settle();
    // The "sync now" requests answer after the round they asked for, the one queued after the running one.
    expect(answered).toBe(0);
    expect(rounds).toHaveLength(2);
    rounds[1]?.resolve(clean);
    await settle();
    expect(answered).toBe(2);
    expect(rounds).toHaveLength(2);
    expect(maxParallel()).toBe(1);
  });

  it('keeps setup and leave out of a running round (the exclusive queue)', async () => {
    const { scheduler, rounds, settle } = harness();
    scheduler.unlocked('webdav');
    await settle();
    const order: string[] = [];
    const setup = scheduler.exclusive(async () => {
      order.push('setup');
    });
    await settle();
    expect(order).toEqual([]);
    order.push('round done');
    rounds[0]?.resolve(clean);
    await setup;
    expect(order).toEqual(['round done', 'setup']);
  });

  it('backs off 30 s, 1, 2, 4, 8, 15 min after failures; automatic triggers wait; a success resets', async () => {
    const { scheduler, rounds, settle } = harness();
    scheduler.unlocked('webdav');
    await settle();
    const delays: number[] = [];
    for (let n = 0; n < 6; n++) {
      const failedAt = Date.now();
      rounds[n]?.reject(new SyncError('server', 'Service Unavailable', { status: 503 }));
      await settle();
      const retryAt = scheduler.memory().retryAt as number;
      delays.push(retryAt - failedAt);
      // A local change and the alarm during the back-off do not run a round before it ends.
      scheduler.localChange();
      scheduler.alarm();
      await vi.advanceTimersByTimeAsync(retryAt - Date.now() - 1);
      expect(rounds).toHaveLength(n + 1);
      await vi.advanceTimersByTimeAsync(1);
      expect(rounds).toHaveLength(n + 2);
    }
    expect(delays).toEqual([30_000, 60_000, 120_000, 240_000, 480_000, 900_000]);
    expect(scheduler.memory().failures).toBe(6);
    rounds[6]?.resolve(clean);
    await settle();
    expect(scheduler.memory()).toMatchObject({ failures: 0, retryAt: undefined, error: undefined });
  });

  it('"sync now" waives the back-off and answers after the round', async () => {
    const { scheduler, rounds, settle } = harness();
    scheduler.unlocked('webdav');
    await settle();
    rounds[0]?.reject(new SyncError('offline', 'offline'));
    await settle();
    expect(scheduler.memory().retryAt).toBeGreaterThan(Date.now());
    const now = scheduler.syncNow();
    await settle();
    expect(rounds).toHaveLength(2);
    rounds[1]?.resolve(clean);
    await now;
    expect(scheduler.memory()).toMatchObject({ failures: 0, retryAt: undefined });
    // The waived retry does not fire later as an extra round.
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(rounds).toHaveLength(2);
  });

  it('after a 401 nothing retries by itself (no change, alarm or unlock) until the person asks', async () => {
    const { scheduler, rounds, settle } = harness();
    scheduler.unlocked('webdav');
    await settle();
    rounds[0]?.reject(new SyncError('auth', 'Unauthorized', { status: 401 }));
    await settle();
    expect(scheduler.memory()).toMatchObject({ held: true, retryAt: undefined, failures: 1 });
    scheduler.localChange();
    scheduler.alarm();
    scheduler.locked();
    scheduler.unlocked('webdav');
    await vi.advanceTimersByTimeAsync(24 * 60 * 60_000);
    expect(rounds).toHaveLength(1);
    const asked = scheduler.syncNow();
    await settle();
    expect(rounds).toHaveLength(2);
    rounds[1]?.resolve(clean);
    await asked;
    expect(scheduler.memory().held).toBe(false);
  });

  it('a restarted worker resumes without a round unless one is due, and re-arms a pending back-off', async () => {
    const first = harness();
    first.scheduler.unlocked('webdav');
    await first.settle();
    first.rounds[0]?.resolve(clean);
    await first.settle();
    // Resumed with nothing waiting: no round (a worker woken by every page request must not sync each time).
    const idle = new SyncScheduler(first.deps, first.scheduler.memory());
    idle.unlocked('webdav', true);
    await first.settle();
    expect(first.rounds).toHaveLength(1);

    first.scheduler.localChange();
    const waiting = new SyncScheduler(first.deps, first.scheduler.memory());
    waiting.unlocked('webdav', true);
    await first.settle();
    expect(first.rounds).toHaveLength(2);

    const backedOff = harness();
    backedOff.scheduler.unlocked('webdav');
    await backedOff.settle();
    backedOff.rounds[0]?.reject(new SyncError('server', 'down', { status: 500 }));
    await backedOff.settle();
    const resumed = new SyncScheduler(backedOff.deps, backedOff.scheduler.memory());
    backedOff.scheduler.locked();
    resumed.unlocked('webdav', true);
    await vi.advanceTimersByTimeAsync(29_999);
    expect(backedOff.rounds).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(backedOff.rounds).toHaveLength(2);
  });

  it('a round that finds the vault locked waits for the unlock without counting a failure', async () => {
    const { scheduler, rounds, settle } = harness();
    scheduler.unlocked('webdav');
    await settle();
    rounds[0]?.reject(Object.assign(new Error('locked'), { code: 'locked' }));
    await settle();
    expect(scheduler.phase()).toBe('waiting-unlock');
    expect(scheduler.memory().failures).toBe(0);
  });

  it('turning sync off cancels what was scheduled and forgets the failures', async () => {
    const { scheduler, rounds, settle } = harness();
    scheduler.unlocked('webdav');
    await settle();
    rounds[0]?.reject(new SyncError('server', 'down', { status: 500 }));
    await settle();
    scheduler.localChange();
    scheduler.stop();
    expect(scheduler.phase()).toBe('off');
    expect(scheduler.memory()).toEqual({ waiting: 0, failures: 0, notices: [] });
    await vi.advanceTimersByTimeAsync(60 * 60_000);
    expect(rounds).toHaveLength(1);
  });
});
