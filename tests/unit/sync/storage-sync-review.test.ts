import { describe, expect, it } from 'vitest';
import { TOMBSTONE_KEEP_MS } from '../../../lib/sync/retention';
import { withNewSlot } from '../../../lib/sync/slot-change';
import { assemble, openSharedState, sealSharedState } from '../../../lib/sync/storage-sync-layout';
import {
  commitStorageJoin,
  prepareStorageJoin,
  startStorageSync,
  storageSyncRound,
} from '../../../lib/sync/storage-sync-round';
import type { Account } from '../../../lib/vault/account-data';
import { account, cheapKeyring, MemoryArea, MemoryVault, random, randomUUID } from './storage-sync-fakes';

/* Review findings on the browser-sync engine (docs/sync-format.md "Browser sync storage"). */

const T0 = Date.UTC(2026, 11, 1);
const DAY = 24 * 60 * 60 * 1000;

function browserOn(area: MemoryArea, accounts: Account[] = []) {
  let now = T0;
  const vault = new MemoryVault(accounts);
  const deps = { area, now: () => now, random, keyring: cheapKeyring, uuid: randomUUID };
  return {
    vault,
    deps,
    tick(ms = 1000) {
      now += ms;
      return now;
    },
    round: () => storageSyncRound(deps, vault),
  };
}

async function join(d: ReturnType<typeof browserOn>, remotePassword: string, name: string) {
  const pending = await prepareStorageJoin(
    d.deps,
    { remotePassword, masterPassword: `pw-${name}`, deviceName: name },
    d.vault.accounts(),
  );
  await commitStorageJoin(d.deps, pending, d.vault);
  return pending;
}

function headerSlotIds(area: MemoryArea): string[] {
  const h = assemble(area.items);
  if (h.kind !== 'complete') throw new Error(`area ${h.kind}`);
  return h.header.slots.map((s) => s.id);
}

describe('browser sync: review findings', () => {
  it('L3: the join preview counts an account with the same key as combined, device names sorted and once', async () => {
    const area = new MemoryArea();
    const shared = account('Shared', T0 - 9000);
    const a = browserOn(area, [shared, account('Only A', T0 - 8000)]);
    await startStorageSync(a.deps, { masterPassword: 'pw-a', deviceName: 'Zed' }, a.vault);
    const b = browserOn(area, []);
    await join(b, 'pw-a', 'Zed');
    await b.round();
    // C holds the same key as A's "Shared" under another id: one key is one account (docs/sync-format.md).
    const c = browserOn(area, [{ ...shared, id: randomUUID() }, account('Only C', T0 - 7000)]);
    const pending = await prepareStorageJoin(
      c.deps,
      { remotePassword: 'pw-a', masterPassword: 'pw-c', deviceName: 'C' },
      c.vault.accounts(),
    );
    expect(pending.preview).toEqual({ added: 1, combined: 1, kept: 1, devices: ['Zed'] });
  });

  it('L4: a tombstone past 400 days leaves the area at the next write', async () => {
    const area = new MemoryArea();
    const gone = account('Gone', T0 - 9000);
    const a = browserOn(area, [gone, account('Kept', T0 - 9000)]);
    await startStorageSync(a.deps, { masterPassword: 'pw-a', deviceName: 'A' }, a.vault);
    a.vault.delete(gone.id, a.tick());
    await a.round();
    const key = a.vault.record?.syncKey as Uint8Array;
    const read = async () => {
      const h = assemble(area.items);
      if (h.kind !== 'complete') throw new Error('incomplete');
      return openSharedState(h, key);
    };
    expect(Object.keys((await read()).accounts)).toContain(gone.id);
    a.tick(TOMBSTONE_KEEP_MS + DAY);
    a.vault.put(account('New', a.tick()), a.tick());
    expect((await a.round()).uploaded).toBe(true);
    expect(Object.keys((await read()).accounts)).not.toContain(gone.id);
    // Nothing else to say: the next round does not rewrite the area for the collected entry alone.
    const sets = area.sets;
    a.tick();
    expect((await a.round()).uploaded).toBe(false);
    expect(area.sets).toBe(sets);
  });

  it('L1: with a full header that lacks its slot, a browser with nothing new does not rewrite the area', async () => {
    const area = new MemoryArea();
    const a = browserOn(area, [account('Alpha', T0 - 9000)]);
    await startStorageSync(a.deps, { masterPassword: 'pw-a', deviceName: 'A' }, a.vault);
    const b = browserOn(area, []);
    await join(b, 'pw-a', 'B');
    // Eight other browsers' slots, newer than B's: the header is full and B's slot is not among them.
    const record = a.vault.record;
    if (record === undefined) throw new Error('no record');
    const others = [];
    for (let i = 0; i < 8; i++)
      others.push(
        await cheapKeyring.createSlot(`pw-${i}`, record.syncKey, record.syncId, { ...a.deps, now: () => T0 + DAY + i }),
      );
    const sealed = await sealSharedState(
      {
        syncId: record.syncId,
        writer: record.device,
        generation: 50,
        slots: others,
        state: b.vault.record?.replica.state ?? record.replica.state,
        syncKey: record.syncKey,
      },
      random,
    );
    area.items = { ...sealed.items };
    // Before the fix B put its own slot back over the oldest other one; that browser then did the same to another.
    const sets = area.sets;
    for (let i = 0; i < 3; i++) {
      b.tick();
      expect((await b.round()).uploaded).toBe(false);
    }
    expect(area.sets).toBe(sets);
    expect(headerSlotIds(area).sort()).toEqual(others.map((s) => s.id).sort());
  });

  it('M2: after a password change the area drops this browser’s old slot, even when another writes it back', async () => {
    const area = new MemoryArea();
    const a = browserOn(area, [account('Alpha', T0 - 9000)]);
    await startStorageSync(a.deps, { masterPassword: 'pw-a', deviceName: 'A' }, a.vault);
    const b = browserOn(area, []);
    await join(b, 'pw-a', 'B');
    await a.round();
    const old = a.vault.record?.slots[0]?.id as string;
    expect(headerSlotIds(area)).toContain(old);
    // B reads the header holding A's old slot before A writes again.
    b.vault.put(account('FromB', b.tick()), b.tick());
    // A's password changes (lib/vault/vault.ts changePassword does this in the header's commit).
    const record = a.vault.record;
    if (record === undefined) throw new Error('no record');
    const slot = await cheapKeyring.createSlot('pw-a2', record.syncKey, record.syncId, a.deps);
    a.vault.record = withNewSlot(record, slot);
    a.tick();
    expect((await a.round()).uploaded).toBe(true);
    expect(headerSlotIds(area)).not.toContain(old);
    expect(headerSlotIds(area)).toContain(slot.id);
    // B writes its change with the union it read: A's old slot would come back; A drops it again.
    b.tick();
    await b.round();
    a.tick();
    await a.round();
    b.tick();
    await b.round();
    expect(headerSlotIds(area)).not.toContain(old);
    // The old password no longer opens the area; the new one does.
    const c = browserOn(area);
    await expect(
      prepareStorageJoin(c.deps, { remotePassword: 'pw-a', masterPassword: 'pw-c', deviceName: 'C' }, []),
    ).rejects.toMatchObject({ code: 'wrong-password' });
    const pending = await prepareStorageJoin(
      c.deps,
      { remotePassword: 'pw-a2', masterPassword: 'pw-c', deviceName: 'C' },
      [],
    );
    expect(pending.preview.added).toBe(2);
  });
});
