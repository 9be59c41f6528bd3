import { describe, expect, it } from 'vitest';
import { SyncError } from '../../../lib/sync/errors';
import { stateOfVault } from '../../../lib/sync/local-edit';
import {
  assemble,
  CHUNK_CHARS,
  chunkKey,
  HEADER_KEY,
  itemBytes,
  itemsBytes,
  openSharedState,
  planWrite,
  QUOTA_BYTES,
  QUOTA_BYTES_PER_ITEM,
  quotaNotice,
  type SharedSealInput,
  sealSharedState,
} from '../../../lib/sync/storage-sync-layout';
import { liveAccounts } from '../../../lib/sync/view';
import { account, cheapKeyring, documentedBytes, random, randomUUID } from './storage-sync-fakes';

const NOW = Date.UTC(2026, 11, 1);
const WRITER = 'aaaaaaaa1111111111111111aa';
const OTHER = 'bbbbbbbb2222222222222222bb';

/** Notes of random base64: they do not compress, so a few accounts fill many chunks. */
const noise = (n: number) => Buffer.from(random(n)).toString('base64').slice(0, n);

async function input(accounts: number, notes = 0, writer = WRITER, syncKey = random(32)): Promise<SharedSealInput> {
  const list = Array.from({ length: accounts }, (_, i) => account(`Issuer${i}`, NOW - 1000, noise(notes)));
  const fx = { random, now: () => NOW, uuid: randomUUID };
  return {
    syncId: 'sync-1',
    writer,
    generation: 3,
    slots: [await cheapKeyring.createSlot('pw', syncKey, 'sync-1', fx)],
    state: stateOfVault(list, writer, NOW),
    syncKey,
  };
}

const fail = async (p: Promise<unknown>): Promise<SyncError> => {
  try {
    await p;
  } catch (e) {
    if (e instanceof SyncError) return e;
    throw e;
  }
  throw new Error('expected a SyncError');
};

describe('storage.sync layout: items of one write', () => {
  it('splits the sealed state into tagged chunks of at most 8,000 characters, each item under 8,192 bytes', async () => {
    const inp = await input(40, 400);
    const { header, items } = await sealSharedState(inp, random);
    expect(header.chunks).toBeGreaterThan(1);
    expect(Object.keys(items).sort()).toEqual(
      [HEADER_KEY, ...Array.from({ length: header.chunks }, (_, i) => chunkKey(i))].sort(),
    );
    for (let i = 0; i < header.chunks; i++) {
      const c = items[chunkKey(i)] as string;
      expect(c.startsWith(`${header.tag}:`)).toBe(true);
      expect(c.length).toBeLessThanOrEqual(CHUNK_CHARS);
      expect(itemBytes(chunkKey(i), c)).toBeLessThanOrEqual(QUOTA_BYTES_PER_ITEM);
    }
    const a = assemble(items);
    expect(a.kind).toBe('complete');
    if (a.kind !== 'complete') return;
    const state = await openSharedState(a, inp.syncKey);
    expect(liveAccounts(state, NOW)).toEqual(liveAccounts(inp.state, NOW));
  });

  it('pads the compressed body to 512 bytes: states a few bytes apart in size seal to the same length', async () => {
    const key = random(32);
    const a = await input(3, 0, WRITER, key);
    const b = { ...a, state: structuredClone(a.state) };
    const first = Object.values(b.state.accounts)[0] as { notes: [string, string] };
    first.notes = ['x', first.notes[1]];
    const sa = await sealSharedState(a, random);
    const sb = await sealSharedState(b, random);
    const len = (items: Record<string, unknown>) => (items[chunkKey(0)] as string).length;
    expect(len(sa.items)).toBe(len(sb.items));
  });

  it('an area without tf:h is empty', () => {
    expect(assemble({}).kind).toBe('empty');
    expect(assemble({ [chunkKey(0)]: 'abcdef:AAAA' }).kind).toBe('empty');
  });
});

describe('storage.sync layout: reading what the vendor sync delivered', () => {
  it('a chunk missing, or carrying another tag, is an incomplete state, not an error', async () => {
    const { header, items } = await sealSharedState(await input(40, 400), random);
    const missing = { ...items };
    delete missing[chunkKey(header.chunks - 1)];
    expect(assemble(missing).kind).toBe('incomplete');
    const retagged = { ...items, [chunkKey(0)]: `zzzzzz:${(items[chunkKey(0)] as string).slice(7)}` };
    expect(assemble(retagged).kind).toBe('incomplete');
  });

  it('mixed writes from two writers are incomplete until every chunk of the header’s write is there', async () => {
    const key = random(32);
    const a = await sealSharedState(await input(30, 400, WRITER, key), random);
    const b = await sealSharedState(await input(30, 400, OTHER, key), random);
    expect(a.header.chunks).toBeGreaterThan(1);
    // B's header reached this browser first, with A's chunks still in place; then B's chunks one by one.
    const area: Record<string, unknown> = { ...a.items, [HEADER_KEY]: b.items[HEADER_KEY] };
    expect(assemble(area).kind).toBe('incomplete');
    for (let i = 0; i < b.header.chunks; i++) {
      expect(assemble(area).kind).toBe('incomplete');
      area[chunkKey(i)] = b.items[chunkKey(i)];
    }
    const done = assemble(area);
    expect(done.kind).toBe('complete');
    if (done.kind !== 'complete') return;
    expect(done.header.writer).toBe(OTHER);
    await expect(openSharedState(done, key)).resolves.toBeDefined();
    // A's header over B's chunks is a mix again.
    expect(assemble({ ...b.items, [HEADER_KEY]: a.items[HEADER_KEY] }).kind).toBe('incomplete');
  });

  it('a header changed outside Twofold (generation, writer, a slot) fails the tag check', async () => {
    const inp = await input(2);
    const { header, items } = await sealSharedState(inp, random);
    for (const changed of [
      { ...header, generation: header.generation + 1 },
      { ...header, writer: 'cccccccc3333333333333333cc' },
      { ...header, slots: [{ ...header.slots[0], createdAt: 1 }] },
    ]) {
      const a = assemble({ ...items, [HEADER_KEY]: changed });
      if (a.kind !== 'complete') throw new Error('expected complete');
      expect((await fail(openSharedState(a, inp.syncKey))).code).toBe('tampered');
    }
    const right = assemble(items);
    if (right.kind !== 'complete') throw new Error('expected complete');
    expect((await fail(openSharedState(right, random(32)))).code).toBe('tampered');
  });

  it('a newer layout is named, not read; a header that is not Twofold’s is malformed', async () => {
    const { header, items } = await sealSharedState(await input(1), random);
    expect(() => assemble({ ...items, [HEADER_KEY]: { ...header, version: 2 } })).toThrow(
      expect.objectContaining({ code: 'newer-version' }),
    );
    expect(() => assemble({ ...items, [HEADER_KEY]: 'hello' })).toThrow(
      expect.objectContaining({ code: 'malformed-file' }),
    );
    expect(() => assemble({ ...items, [HEADER_KEY]: { ...header, chunks: -1 } })).toThrow(
      expect.objectContaining({ code: 'malformed-file' }),
    );
  });
});

describe('storage.sync layout: the quota', () => {
  it('counts an item as its key length plus the length of its value’s JSON text', async () => {
    expect(itemBytes('tf:c0', 'abcdef:QUJD')).toBe(5 + 13);
    expect(itemBytes('tf:h', { a: 1, b: [true, null] })).toBe(4 + '{"a":1,"b":[true,null]}'.length);
    const { items } = await sealSharedState(await input(20, 300), random);
    expect(itemsBytes(items, 'firefox')).toBe(documentedBytes(items));
  });

  it('counts numbers beyond int32 as Chromium prints them, and plans with the larger count', () => {
    expect(itemBytes('k', 1_796_000_012_345, 'firefox')).toBe(1 + 13);
    expect(itemBytes('k', 1_796_000_012_345, 'chromium')).toBe(1 + '1.796000012345e+12'.length);
    expect(itemBytes('k', 2_147_483_648, 'chromium')).toBe(1 + '2147483648.0'.length);
    expect(itemBytes('k', 2_147_483_647, 'chromium')).toBe(1 + 10);
    expect(itemBytes('k', { t: 1_796_000_012_345 })).toBe(1 + '{"t":1.796000012345e+12}'.length);
  });

  it('counts UTF-8 bytes, as both browsers measure their strings', () => {
    expect(itemBytes('k', 'é')).toBe(1 + 4);
  });

  it('plans a write that fits, and says which stale chunks go', async () => {
    const key = random(32);
    const big = await sealSharedState(await input(40, 400, WRITER, key), random);
    const small = await sealSharedState(await input(1, 0, WRITER, key), random);
    const plan = planWrite(small.items, big.items, 1);
    expect(plan.stale.sort()).toEqual(
      Array.from({ length: big.header.chunks - small.header.chunks }, (_, i) =>
        chunkKey(i + small.header.chunks),
      ).sort(),
    );
    expect(plan.bytes).toBe(documentedBytes(small.items));
    expect(plan.removeFirst).toBe(false);
  });

  it('refuses a state too big for the area whole, naming the accounts and the sizes', async () => {
    const { items } = await sealSharedState(await input(110, 900), random);
    const bytes = documentedBytes(items);
    expect(bytes).toBeGreaterThan(QUOTA_BYTES);
    let error: unknown;
    try {
      planWrite(items, {}, 110);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SyncError);
    expect((error as SyncError).code).toBe('full');
    expect((error as SyncError).message).toBe(
      `Your 110 accounts need ${Math.ceil(bytes / 1024)} KB; browser sync holds 100 KB. Use a WebDAV server (Settings → Sync) to keep syncing.`,
    );
  });

  it('counts items other than Twofold’s state against the total, and removes stale chunks first when both cannot fit', async () => {
    const key = random(32);
    const fits = await sealSharedState(await input(60, 700, WRITER, key), random);
    const used = documentedBytes(fits.items);
    expect(used).toBeLessThan(QUOTA_BYTES);
    // Items of some other kind in the area (no Twofold state ever writes them) leave less room.
    const filler: Record<string, unknown> = {};
    for (let i = 0; documentedBytes(filler) < QUOTA_BYTES - used + 10; i++) filler[`tf:x${i}`] = 'y'.repeat(7_000);
    expect(() => planWrite(fits.items, filler, 60)).toThrow(expect.objectContaining({ code: 'full' }));
    const old = await sealSharedState(await input(60, 700, OTHER, key), random);
    const plan = planWrite(fits.items, { ...old.items, [chunkKey(40)]: 'x'.repeat(7_000) }, 60);
    expect(plan.stale).toContain(chunkKey(40));
    expect(plan.removeFirst).toBe(documentedBytes({ ...fits.items, [chunkKey(40)]: 'x'.repeat(7_000) }) > QUOTA_BYTES);
  });

  it('warns from 80 % of the quota on', () => {
    expect(quotaNotice(Math.ceil(QUOTA_BYTES * 0.8) - 1)).toBeUndefined();
    expect(quotaNotice(Math.ceil(QUOTA_BYTES * 0.8))?.english).toBe('Browser sync is 80 % full.');
    expect(quotaNotice(84_000)?.english).toBe('Browser sync is 82 % full.');
  });
});
