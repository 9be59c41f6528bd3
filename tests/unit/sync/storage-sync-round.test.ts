import { describe, expect, it } from 'vitest';
import { SyncError } from '../../../lib/sync/errors';
import { assemble, HEADER_KEY, openSharedState, sealSharedState } from '../../../lib/sync/storage-sync-layout';
import {
  commitStorageJoin,
  prepareStorageJoin,
  startStorageSync,
  storageSyncProbe,
  storageSyncRound,
} from '../../../lib/sync/storage-sync-round';
import { liveAccounts } from '../../../lib/sync/view';
import { type Account, toAccountJson } from '../../../lib/vault/account-data';
import { account, cheapKeyring, MemoryArea, MemoryVault, random, randomUUID } from './storage-sync-fakes';

const T0 = Date.UTC(2026, 11, 1);

/** One browser: its vault and a wall clock, against a shared area. */
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
    view: () =>
      [...vault.accounts()].sort((x, y) => (x.id < y.id ? -1 : 1)).map((a) => ({ id: a.id, json: toAccountJson(a) })),
  };
}

async function areaState(area: MemoryArea, syncKey: Uint8Array) {
  const a = assemble(area.items);
  if (a.kind !== 'complete') throw new Error(`area ${a.kind}`);
  return openSharedState(a, syncKey);
}

async function pair(aAccounts = [account('Alpha', T0 - 5000)], bAccounts = [account('Beta', T0 - 4000)]) {
  const area = new MemoryArea();
  const a = browserOn(area, aAccounts);
  const b = browserOn(area, bAccounts);
  expect(await storageSyncProbe(area)).toEqual({ kind: 'empty' });
  await startStorageSync(a.deps, { masterPassword: 'pw-a', deviceName: 'Laptop' }, a.vault);
  expect(await storageSyncProbe(area)).toMatchObject({ kind: 'existing', devices: 1 });
  const pending = await prepareStorageJoin(
    b.deps,
    { remotePassword: 'pw-a', masterPassword: 'pw-b', deviceName: 'Desktop' },
    b.vault.accounts(),
  );
  expect(pending.preview).toMatchObject({ added: 1, combined: 0, kept: 1, devices: ['Laptop'] });
  await commitStorageJoin(b.deps, pending, b.vault);
  await a.round();
  return { area, a, b };
}

describe('browser sync round', () => {
  it('two browsers fed the same area converge', async () => {
    const { a, b } = await pair();
    expect(a.view()).toEqual(b.view());
    expect(a.vault.accounts()).toHaveLength(2);
    // Each edits while the other is not looking, then both run rounds until quiet.
    const [alpha] = a.vault.accounts().filter((x) => x.otp.issuer === 'Alpha') as [Account];
    a.vault.put({ ...alpha, notes: 'edited on A', updatedAt: a.tick() }, a.tick());
    const [beta] = b.vault.accounts().filter((x) => x.otp.issuer === 'Beta') as [Account];
    b.vault.delete(beta.id, b.tick());
    b.vault.put(account('Gamma', b.tick()), b.tick());
    for (const d of [a, b, a, b]) {
      d.tick();
      await d.round();
    }
    expect(a.view()).toEqual(b.view());
    expect(
      a.vault
        .accounts()
        .map((x) => x.otp.issuer)
        .sort(),
    ).toEqual(['Alpha', 'Gamma']);
    expect(a.vault.get(alpha.id).notes).toBe('edited on A');
  });

  it('a write never drops another browser’s change it has not merged yet', async () => {
    const { area, a, b } = await pair();
    a.vault.put(account('FromA', a.tick()), a.tick());
    await a.round();
    // B edits without having read A's write; its round reads it first and writes the join.
    b.vault.put(account('FromB', b.tick()), b.tick());
    const report = await b.round();
    expect(report.uploaded).toBe(true);
    expect(report.merged).toBe(1);
    const key = b.vault.record?.syncKey as Uint8Array;
    const issuers = liveAccounts(await areaState(area, key), b.tick()).map((x) => x.otp.issuer);
    expect(issuers.sort()).toEqual(['Alpha', 'Beta', 'FromA', 'FromB']);
  });

  it('writes nothing when the area already holds the join', async () => {
    const { area, a, b } = await pair();
    await b.round();
    const sets = area.sets;
    const report = await a.round();
    expect(report.uploaded).toBe(false);
    expect(area.sets).toBe(sets);
  });

  it('a write-rate refusal keeps the change local, and the next round writes it', async () => {
    const { area, a } = await pair();
    const before = structuredClone(area.items);
    a.vault.put(account('Waiting', a.tick()), a.tick());
    area.failNext = new SyncError('rate-limited', 'MAX_WRITE_OPERATIONS_PER_MINUTE');
    await expect(a.round()).rejects.toMatchObject({ code: 'rate-limited' });
    expect(area.items).toEqual(before);
    const key = a.vault.record?.syncKey as Uint8Array;
    expect(
      liveAccounts(a.vault.record?.replica.state ?? { v: 1, devices: {}, accounts: {} }, a.tick()).map(
        (x) => x.otp.issuer,
      ),
    ).toContain('Waiting');
    await a.round();
    expect(liveAccounts(await areaState(area, key), a.tick()).map((x) => x.otp.issuer)).toContain('Waiting');
  });

  it('a state too big is not written at all: the last complete state stays for the others', async () => {
    const { area, a, b } = await pair();
    const before = structuredClone(area.items);
    const noise = () => Buffer.from(random(700)).toString('base64');
    for (let i = 0; i < 120; i++) a.vault.put(account(`Big${i}`, a.tick(), noise()), a.tick());
    const e = await a.round().catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SyncError);
    expect((e as SyncError).code).toBe('full');
    expect((e as SyncError).message).toMatch(/^Your 122 accounts need \d+ KB; browser sync holds 100 KB\./);
    expect(area.items).toEqual(before);
    // B still reads the state A could not replace, and A's changes wait in A's replica.
    await b.round();
    expect(b.vault.accounts()).toHaveLength(2);
    expect(Object.keys(a.vault.record?.replica.state.accounts ?? {})).toHaveLength(122);
  });

  it('the browser’s own quota error gets the same message with the figures', async () => {
    const { area, a } = await pair();
    a.vault.put(account('One more', a.tick()), a.tick());
    area.failNext = new SyncError('full', 'QUOTA_BYTES quota exceeded');
    await expect(a.round()).rejects.toMatchObject({
      code: 'full',
      message: expect.stringMatching(/^Your 3 accounts need \d+ KB; browser sync holds 100 KB/),
    });
  });

  it('waits while another browser’s write is still arriving, and rewrites a mix it took part in', async () => {
    const { area, a, b } = await pair();
    const key = a.vault.record?.syncKey as Uint8Array;
    a.vault.put(account('FromA', a.tick()), a.tick());
    expect((await a.round()).uploaded).toBe(true);
    // C (a third writer) wrote: its header reached this profile, its chunks not yet (A's are still in place).
    const c = await sealSharedState(
      {
        syncId: a.vault.record?.syncId as string,
        writer: 'cccccccc3333333333333333cc',
        generation: 9,
        slots: a.vault.record?.slots ?? [],
        state: a.vault.record?.replica.state ?? { v: 1, devices: {}, accounts: {} },
        syncKey: key,
      },
      random,
    );
    area.items[HEADER_KEY] = c.items[HEADER_KEY];
    expect(assemble(area.items).kind).toBe('incomplete');
    // B took no part in that mix: it waits for the rest rather than write over a write in flight.
    b.vault.put(account('Later', b.tick()), b.tick());
    const sets = area.sets;
    expect((await b.round()).uploaded).toBe(false);
    expect(area.sets).toBe(sets);
    // B keeps waiting for C's chunks for a while; after 10 minutes it writes its join over the stalled write.
    b.tick(5 * 60 * 1000);
    expect((await b.round()).uploaded).toBe(false);
    expect(area.sets).toBe(sets);
    const stalled = structuredClone(area.items);
    b.tick(6 * 60 * 1000);
    expect((await b.round()).uploaded).toBe(true);
    expect(assemble(area.items).kind).toBe('complete');
    area.items = stalled;
    // A's chunks are under C's header: A took part, so A writes its join again and the area is whole.
    expect((await a.round()).uploaded).toBe(true);
    expect(assemble(area.items).kind).toBe('complete');
    await b.round();
    await a.round();
    expect(a.view()).toEqual(b.view());
    expect(a.vault.accounts().map((x) => x.otp.issuer)).toContain('Later');
  });

  it('keeps every browser’s slot, so each master password opens the area', async () => {
    const { area, a, b } = await pair();
    await b.round();
    b.vault.put(account('Slot check', b.tick()), b.tick());
    await b.round();
    const h = assemble(area.items);
    if (h.kind !== 'complete') throw new Error('incomplete');
    expect(h.header.slots).toHaveLength(2);
    const c = browserOn(area);
    for (const pw of ['pw-a', 'pw-b']) {
      const pending = await prepareStorageJoin(
        c.deps,
        { remotePassword: pw, masterPassword: 'pw-c', deviceName: 'C' },
        [],
      );
      expect(pending.preview.added).toBe(3);
    }
    await expect(
      prepareStorageJoin(c.deps, { remotePassword: 'nope', masterPassword: 'pw-c', deviceName: 'C' }, []),
    ).rejects.toMatchObject({ code: 'wrong-password' });
    expect(a.vault.record?.slots).toHaveLength(1);
  });

  it('does not start over a sync already in the area, and leaves a newer layout untouched', async () => {
    const { area, a } = await pair();
    const c = browserOn(area);
    await expect(startStorageSync(c.deps, { masterPassword: 'x', deviceName: 'C' }, c.vault)).rejects.toMatchObject({
      code: 'other-sync',
    });
    area.items[HEADER_KEY] = { ...(area.items[HEADER_KEY] as object), version: 2 };
    const before = structuredClone(area.items);
    a.vault.put(account('Held back', a.tick()), a.tick());
    await expect(a.round()).rejects.toMatchObject({ code: 'newer-version' });
    expect(area.items).toEqual(before);
  });

  it('rewrites its join over a state changed outside Twofold, with a notice', async () => {
    const { area, a, b } = await pair();
    const h = area.items[HEADER_KEY] as { generation: number };
    area.items[HEADER_KEY] = { ...h, generation: h.generation + 5 };
    const report = await b.round();
    expect(report.uploaded).toBe(true);
    expect(report.notices.map((n) => n.key)).toContain('syncstorage_damaged');
    await a.round();
    expect(a.view()).toEqual(b.view());
  });
});
