import { type Hlc, receive, tick } from '../../../lib/sync/clock';
import { join } from '../../../lib/sync/join';
import { deleteAccount, recordAccount } from '../../../lib/sync/local-edit';
import { newestClock } from '../../../lib/sync/newest';
import { emptyState, type SyncState } from '../../../lib/sync/state';
import { accountOf, isLive, liveAccounts } from '../../../lib/sync/view';
import type { Account } from '../../../lib/vault/account-data';

/** One simulated device for the example tests: a replica, a clock and a wall clock that may be off. */
export class TestDevice {
  hlc: Hlc = { l: 0, c: 0 };
  state: SyncState = emptyState();
  constructor(
    readonly id: string,
    /** How far this device's wall clock is from the true time. */
    public offsetMs = 0,
  ) {}

  private stamp(now: number): string {
    const next = tick(this.hlc, now + this.offsetMs, this.id);
    this.hlc = next.hlc;
    return next.stamp;
  }

  /** A local write of `account` at true time `now`. */
  write(account: Account, now: number): void {
    this.state = recordAccount(this.state, account, this.stamp(now), now + this.offsetMs);
  }

  edit(id: string, now: number, change: (a: Account) => Account): void {
    this.write(change(this.get(id, now)), now);
  }

  remove(id: string, now: number): void {
    this.state = deleteAccount(this.state, id, this.stamp(now));
  }

  /** Merging another state, with the clock rule on merge. */
  merge(other: SyncState, now: number): void {
    this.hlc = receive(this.hlc, newestClock(other), now + this.offsetMs);
    this.state = join(this.state, other);
  }

  /** The account as this device shows it (live or not). */
  get(id: string, now: number): Account {
    const e = this.state.accounts[id];
    if (e === undefined || 'purged' in e) throw new Error(`no account ${id}`);
    return accountOf(id, e, now);
  }

  live(id: string): boolean {
    const e = this.state.accounts[id];
    return e !== undefined && isLive(e);
  }

  accounts(now: number): Account[] {
    return liveAccounts(this.state, now);
  }
}

/** Every device merges every other's state, twice round, so all have seen everything. */
export function meetAll(devices: readonly TestDevice[], now: number): void {
  for (let round = 0; round < 2; round++)
    for (const d of devices) for (const o of devices) if (o !== d) d.merge(o.state, now);
}
