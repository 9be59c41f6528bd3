import { type RoundDeps, runRound } from '../../../lib/sync/round';
import { commitJoin, prepareJoin, type SetupDeps, startSync } from '../../../lib/sync/setup';
import { liveAccounts } from '../../../lib/sync/view';
import type { Account } from '../../../lib/vault/account-data';
import { MemoryFolder } from './memory-folder';
import { MemoryVault } from './memory-vault';
import { seededRandom, testCodec, testKeyring } from './round-codec';

/* Browsers sharing one in-memory folder, each with its own vault and wall clock, for the round tests. */

export const MIN = 60_000;
export const HOUR = 60 * MIN;
export const T = Date.UTC(2026, 11, 1, 10, 0);
export const key = (n: number) => new Uint8Array(10).fill(n);

export function account(id: string, n: number, over: Partial<Account> = {}): Account {
  return {
    id,
    createdAt: T - 30 * 24 * HOUR,
    updatedAt: T - 30 * 24 * HOUR,
    otp: { kind: 'totp', secret: key(n), issuer: id, account: 'alice', algorithm: 'SHA1', digits: 6, period: 30 },
    sites: [`${id.toLowerCase()}.example`],
    notes: '',
    recoveryCodes: [],
    pinned: false,
    order: 0,
    ...over,
  };
}

export function hotp(id: string, n: number, counter: bigint, codes: string[] = []): Account {
  return account(id, n, {
    otp: { kind: 'hotp', secret: key(n), issuer: id, account: 'alice', algorithm: 'SHA1', digits: 6, counter },
    recoveryCodes: codes.map((code) => ({ code })),
  });
}

let uuids = 0;
const uuid = () => `00000000-0000-4000-8000-${(++uuids).toString().padStart(12, '0')}`;

export class Browser {
  readonly vault: MemoryVault;
  /** The true time plus this browser's clock error. */
  offsetMs = 0;
  readonly deps: SetupDeps;
  constructor(
    readonly name: string,
    readonly folder: MemoryFolder,
    readonly clock: { t: number },
    accounts: Account[],
    seed: number,
  ) {
    this.vault = new MemoryVault(accounts);
    this.deps = {
      folder,
      codec: testCodec,
      now: () => this.clock.t + this.offsetMs,
      random: seededRandom(seed),
      keyring: testKeyring,
      uuid,
    };
  }

  get now(): number {
    return this.clock.t + this.offsetMs;
  }

  round(deps: Partial<RoundDeps> = {}) {
    return runRound({ ...this.deps, ...deps }, this.vault);
  }

  start() {
    return startSync(
      this.deps,
      {
        engine: { kind: 'webdav', url: 'http://127.0.0.1:1/', user: 'u', password: 'p' },
        masterPassword: `pw ${this.name}`,
        deviceName: this.name,
      },
      this.vault,
    );
  }

  async join(remotePassword: string) {
    const pending = await prepareJoin(
      this.deps,
      {
        engine: { kind: 'webdav', url: 'http://127.0.0.1:1/', user: 'u', password: 'p' },
        remotePassword,
        masterPassword: `pw ${this.name}`,
        deviceName: this.name,
      },
      this.vault.accounts(),
    );
    const report = await commitJoin(this.deps, pending, this.vault);
    return { pending, report };
  }

  /** What the replica shows. */
  shown(): Account[] {
    const r = this.vault.record;
    if (r === undefined) throw new Error('sync is off');
    return liveAccounts(r.replica.state, this.now);
  }

  edit(id: string, change: (a: Account) => Account): void {
    this.vault.edit(id, this.now, change);
  }
}

/** A folder and `names.length` browsers: the first starts sync, the others join with its password. */
export async function synced(
  setups: [string, Account[]][],
  clock = { t: T },
): Promise<{ folder: MemoryFolder; browsers: Browser[] }> {
  const folder = new MemoryFolder();
  const browsers = setups.map(([name, accounts], i) => new Browser(name, folder, clock, accounts, i + 1));
  const [first, ...rest] = browsers as [Browser, ...Browser[]];
  await first.start();
  for (const b of rest) await b.join(`pw ${first.name}`);
  return { folder, browsers };
}

/** Every browser runs rounds until none merges anything new (at most three passes). */
export async function settle(browsers: Browser[]): Promise<void> {
  for (let pass = 0; pass < 3; pass++) for (const b of browsers) await b.round();
}

const plain = (a: Account) =>
  JSON.parse(JSON.stringify(a, (_, v) => (typeof v === 'bigint' ? `${v}n` : v instanceof Uint8Array ? [...v] : v)));
/** Accounts in a comparable form (bigints and bytes as JSON). */
export const comparable = (list: readonly Account[]) => list.map(plain);
