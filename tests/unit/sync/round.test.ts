import { describe, expect, it } from 'vitest';
import { deviceFileName } from '../../../lib/sync/device-file';
import { SyncError } from '../../../lib/sync/errors';
import type { Account } from '../../../lib/vault/account-data';
import { markRecoveryUsed } from '../../../lib/vault/recovery-codes';
import { account, Browser, comparable, HOUR, hotp, MIN, settle, synced, T } from './round-harness';

/* A sync round over an in-memory folder (docs/sync-format.md "Overview", "Failures"). */

const ids = (list: readonly Account[]) => list.map((a) => a.id);

async function converged(browsers: Browser[]): Promise<Account[]> {
  const first = comparable((browsers[0] as Browser).vault.accounts());
  for (const b of browsers) {
    expect(comparable(b.vault.accounts())).toEqual(first);
    expect(comparable(b.shown())).toEqual(first);
  }
  return (browsers[0] as Browser).vault.accounts() as Account[];
}

describe('sync rounds converge', () => {
  it('two browsers end with every account of both, vaults equal to what their replicas show', async () => {
    const { browsers } = await synced([
      ['Laptop', [account('GitHub', 1), account('Bank', 2)]],
      ['Desktop', [account('Mail', 3)]],
    ]);
    await settle(browsers);
    expect(ids(await converged(browsers))).toEqual(['Bank', 'GitHub', 'Mail']);
  });

  it('three browsers with edits made apart converge, and an edit reaches the others', async () => {
    const clock = { t: T };
    const { browsers } = await synced(
      [
        ['A', [account('GitHub', 1)]],
        ['B', []],
        ['C', [account('Mail', 3)]],
      ],
      clock,
    );
    await settle(browsers);
    const [a, b, c] = browsers as [Browser, Browser, Browser];
    clock.t += MIN;
    a.edit('GitHub', (x) => ({ ...x, notes: 'from A' }));
    b.edit('Mail', (x) => ({ ...x, sites: [...x.sites, 'webmail.example'] }));
    c.vault.remove('GitHub', c.now);
    clock.t += MIN;
    a.edit('GitHub', (x) => ({ ...x, notes: 'from A, later than the deletion' }));
    await settle(browsers);
    const all = await converged(browsers);
    expect(all.find((x) => x.id === 'GitHub')?.notes).toBe('from A, later than the deletion');
    expect(all.find((x) => x.id === 'Mail')?.sites).toContain('webmail.example');
  });

  it('the worked example of docs/sync-format.md: three browsers apart, then all sync', async () => {
    const clock = { t: Date.UTC(2026, 11, 1, 9, 0) };
    const at = (h: number, m: number) => {
      clock.t = Date.UTC(2026, 11, 1, h, m);
    };
    const { browsers } = await synced(
      [
        ['Chrome 1', [account('GitHub', 1), hotp('Bank', 2, 7n, ['r1', 'r2', 'r3']), account('Mail', 3)]],
        ['Chrome 2', []],
        ['Firefox', []],
      ],
      clock,
    );
    await settle(browsers);
    const [c1, c2, ff] = browsers as [Browser, Browser, Browser];
    const useHotp = (d: Browser) =>
      d.edit('Bank', (x) => ({
        ...x,
        otp: { ...x.otp, counter: (x.otp as { counter: bigint }).counter + 1n } as Account['otp'],
      }));
    at(10, 0);
    c1.vault.write({ ...account('Forum', 4), createdAt: clock.t, updatedAt: clock.t }, clock.t);
    c1.edit('GitHub', (x) => ({ ...x, otp: { ...x.otp, issuer: 'GitHub work' } }));
    useHotp(c1);
    at(10, 5);
    ff.edit('GitHub', (x) => ({
      ...x,
      otp: { ...x.otp, issuer: 'GitHub (old)' },
      sites: [...x.sites, 'gist.github.com'],
    }));
    useHotp(ff);
    useHotp(ff);
    ff.edit('Bank', (x) => ({ ...x, recoveryCodes: markRecoveryUsed(x.recoveryCodes, 'r1', clock.t) }));
    at(10, 10);
    c2.vault.remove('Mail', clock.t);
    useHotp(c2);
    c2.edit('Bank', (x) => ({ ...x, recoveryCodes: markRecoveryUsed(x.recoveryCodes, 'r2', clock.t) }));
    at(10, 20);
    c1.edit('Mail', (x) => ({ ...x, notes: 'notes at 10:20' }));
    at(11, 0);
    await settle([ff, c2, c1]);
    const all = await converged(browsers);
    const byId = new Map(all.map((x) => [x.id, x]));
    expect(byId.has('Forum')).toBe(true);
    expect(byId.get('GitHub')?.otp.issuer).toBe('GitHub (old)');
    expect(byId.get('GitHub')?.sites).toContain('gist.github.com');
    expect(byId.get('Bank')?.otp).toMatchObject({ counter: 9n });
    expect(
      byId
        .get('Bank')
        ?.recoveryCodes.filter((r) => r.usedAt !== undefined)
        .map((r) => r.code),
    ).toEqual(['r1', 'r2']);
    expect(byId.get('Mail')?.notes).toBe('notes at 10:20');
  });
});

describe('what a round writes', () => {
  it('skips the PUT when nothing changed, and writes again after a local edit', async () => {
    const { folder, browsers } = await synced([['A', [account('GitHub', 1)]]]);
    const [a] = browsers as [Browser];
    await a.round();
    folder.calls.length = 0;
    const report = await a.round();
    expect(report.uploaded).toBe(false);
    expect(folder.calls.filter((c) => c.startsWith('put'))).toEqual([]);
    a.edit('GitHub', (x) => ({ ...x, notes: 'changed' }));
    expect((await a.round()).uploaded).toBe(true);
    expect(folder.calls.filter((c) => c.startsWith('put'))).toHaveLength(1);
  });

  it('reads a file again under the same weak ETag: two writes in one second list the same tag', async () => {
    const { folder, browsers } = await synced([
      ['A', [account('GitHub', 1)]],
      ['B', []],
    ]);
    const [a, b] = browsers as [Browser, Browser];
    await settle(browsers);
    folder.sameSecond = true;
    for (const notes of ['first', 'second', 'third']) {
      a.edit('GitHub', (x) => ({ ...x, notes }));
      await a.round();
      await b.round();
      expect(b.vault.accounts().find((x) => x.id === 'GitHub')?.notes).toBe(notes);
    }
  });

  it('alternates its two slots, never overwriting the newest good one', async () => {
    const { folder, browsers } = await synced([['A', [account('GitHub', 1)]]]);
    const [a] = browsers as [Browser];
    const device = a.vault.record?.device as string;
    const puts: string[] = [];
    for (let i = 0; i < 3; i++) {
      a.edit('GitHub', (x) => ({ ...x, notes: `edit ${i}` }));
      folder.calls.length = 0;
      await a.round();
      puts.push(...folder.calls.filter((c) => c.startsWith('put')));
    }
    const first = puts[0] === `put ${deviceFileName(device, 'a')}` ? 'a' : 'b';
    const other = first === 'a' ? 'b' : 'a';
    expect(puts).toEqual([first, other, first].map((s) => `put ${deviceFileName(device, s as 'a' | 'b')}`));
  });

  it('keeps a local edit made while the round downloads (the merge runs on the current record)', async () => {
    const { folder, browsers } = await synced([
      ['A', [account('GitHub', 1)]],
      ['B', [account('Mail', 3)]],
    ]);
    const [a, b] = browsers as [Browser, Browser];
    await settle(browsers);
    b.edit('Mail', (x) => ({ ...x, notes: 'from B' }));
    await b.round();
    folder.onGet = () => {
      folder.onGet = undefined;
      a.edit('GitHub', (x) => ({ ...x, notes: 'typed on A during the download' }));
    };
    const report = await a.round();
    expect(report.merged).toBe(1);
    expect(a.vault.get('GitHub')?.notes).toBe('typed on A during the download');
    expect(a.shown().find((x) => x.id === 'GitHub')?.notes).toBe('typed on A during the download');
    expect(a.vault.get('Mail')?.notes).toBe('from B');
    await settle(browsers);
    expect(b.vault.get('GitHub')?.notes).toBe('typed on A during the download');
  });
});

describe('failures lose nothing', () => {
  const apart = async () => {
    const { folder, browsers } = await synced([
      ['A', [account('GitHub', 1)]],
      ['B', [account('Mail', 3)]],
    ]);
    await settle(browsers);
    const [a, b] = browsers as [Browser, Browser];
    b.edit('Mail', (x) => ({ ...x, notes: 'waiting on B' }));
    await b.round();
    a.edit('GitHub', (x) => ({ ...x, notes: 'waiting on A' }));
    return { folder, a, b };
  };

  for (const op of ['list', 'get'] as const) {
    for (const code of [
      'offline',
      'timeout',
      'auth',
      'forbidden',
      'server',
      'full',
      'locked',
      'bad-response',
    ] as const) {
      it(`${code} on ${op}: vault and record as before, and the next round catches up`, async () => {
        const { folder, a, b } = await apart();
        const record = structuredClone(a.vault.record);
        const accounts = comparable(a.vault.accounts());
        const files = folder.snapshot();
        folder.failNext(op, code);
        await expect(a.round()).rejects.toMatchObject({ code });
        expect(a.vault.record).toEqual(record);
        expect(comparable(a.vault.accounts())).toEqual(accounts);
        expect(folder.snapshot()).toEqual(files);
        await settle([a, b]);
        expect(a.vault.get('Mail')?.notes).toBe('waiting on B');
        expect(b.vault.get('GitHub')?.notes).toBe('waiting on A');
      });
    }
  }

  for (const code of ['offline', 'server', 'full', 'precondition', 'locked', 'forbidden', 'auth'] as const) {
    it(`${code} on the PUT: the merge stays, the other slot stays whole, the next round uploads`, async () => {
      const { folder, a, b } = await apart();
      const device = a.vault.record?.device as string;
      const own = ['a', 'b'].map((s) => deviceFileName(device, s as 'a' | 'b'));
      const ownBefore = own.map((n) => folder.snapshot().get(n));
      folder.failNext('put', code);
      await expect(a.round()).rejects.toMatchObject({ code });
      // Merged and kept locally; nothing of A's on the server changed.
      expect(a.vault.get('Mail')?.notes).toBe('waiting on B');
      expect(a.vault.get('GitHub')?.notes).toBe('waiting on A');
      expect(own.map((n) => folder.snapshot().get(n))).toEqual(ownBefore);
      await settle([a, b]);
      expect(b.vault.get('GitHub')?.notes).toBe('waiting on A');
    });
  }

  it('409 on the PUT re-creates the folder and writes', async () => {
    const { folder, a, b } = await apart();
    folder.exists = false;
    expect((await a.round()).uploaded).toBe(true);
    expect(folder.calls).toContain('ensure');
    await b.round();
    expect(b.vault.get('GitHub')?.notes).toBe('waiting on A');
  });

  it('a PUT cut halfway: the other slot keeps the previous state, the next round writes the same slot again', async () => {
    const { folder, a, b } = await apart();
    const device = a.vault.record?.device as string;
    folder.cutNextPut();
    await expect(a.round()).rejects.toMatchObject({ code: 'offline' });
    const unsure = a.vault.record?.unsure;
    expect(unsure).toBeDefined();
    // B reads A's cut slot, cannot use it, and keeps what A's other slot holds.
    const report = await b.round();
    expect(report.notices.map((n) => n.key)).toContain('syncround_unreadable_previous');
    expect(b.vault.get('GitHub')?.notes).toBe('');
    folder.calls.length = 0;
    expect((await a.round()).uploaded).toBe(true);
    expect(folder.calls).toContain(`put ${deviceFileName(device, unsure?.slot as 'a' | 'b')}`);
    expect(a.vault.record?.unsure).toBeUndefined();
    await b.round();
    expect(b.vault.get('GitHub')?.notes).toBe('waiting on A');
  });

  it('a PUT whose answer was lost is read back: it counts as written, and is not sent again', async () => {
    const { folder, a } = await apart();
    folder.loseNextPutAnswer();
    await expect(a.round()).rejects.toMatchObject({ code: 'timeout' });
    const unsure = a.vault.record?.unsure as { slot: 'a' | 'b'; generation: number };
    folder.calls.length = 0;
    const report = await a.round();
    expect(report.uploaded).toBe(false);
    expect(a.vault.record?.written[unsure.slot]).toBe(unsure.generation);
    expect(a.vault.record?.unsure).toBeUndefined();
  });

  it("another browser's tampered newest slot: its previous one is used, and named", async () => {
    const { folder, browsers } = await synced([
      ['A', []],
      ['B', [account('Mail', 3)]],
    ]);
    const [a, b] = browsers as [Browser, Browser];
    b.edit('Mail', (x) => ({ ...x, notes: 'first' }));
    await b.round();
    b.edit('Mail', (x) => ({ ...x, notes: 'second' }));
    await b.round();
    const device = b.vault.record?.device as string;
    const newest = b.vault.record?.written.a === b.vault.record?.generation ? 'a' : 'b';
    const file = folder.files.get(deviceFileName(device, newest));
    if (file === undefined) throw new Error('no file');
    const text = new TextDecoder().decode(file.bytes);
    const parsed = JSON.parse(text);
    parsed.data = `${parsed.data[0] === 'A' ? 'B' : 'A'}${parsed.data.slice(1)}`;
    file.bytes = new TextEncoder().encode(JSON.stringify(parsed));
    file.etag = '"tampered"';
    const report = await a.round();
    expect(report.notices.map((n) => n.key)).toContain('syncround_unreadable_previous');
    expect(a.vault.get('Mail')?.notes).toBe('first');
  });

  it('a damaged file is named in every round while it stays damaged and unchanged, and not after it changes', async () => {
    const { folder, browsers } = await synced([
      ['A', []],
      ['B', [account('Mail', 3)]],
    ]);
    const [a, b] = browsers as [Browser, Browser];
    await settle(browsers);
    b.edit('Mail', (x) => ({ ...x, notes: 'tampered' }));
    await b.round();
    const device = b.vault.record?.device as string;
    const newest = b.vault.record?.written.a === b.vault.record?.generation ? 'a' : 'b';
    const file = folder.files.get(deviceFileName(device, newest));
    if (file === undefined) throw new Error('no file');
    const parsed = JSON.parse(new TextDecoder().decode(file.bytes));
    parsed.data = `${parsed.data[0] === 'A' ? 'B' : 'A'}${parsed.data.slice(1)}`;
    file.bytes = new TextEncoder().encode(JSON.stringify(parsed));
    file.etag = '"tampered"';
    const keys = async () => (await a.round()).notices.map((n) => n.key);
    expect(await keys()).toContain('syncround_unreadable_previous');
    // The scheduler may run a second round right after: the notice must not vanish while the file is unchanged.
    expect(await keys()).toContain('syncround_unreadable_previous');
    expect(a.vault.get('Mail')?.notes).toBe('');
    // B writes both its slots again (it alternates), so the tampered one is replaced.
    b.edit('Mail', (x) => ({ ...x, notes: 'good' }));
    await b.round();
    b.edit('Mail', (x) => ({ ...x, notes: 'good again' }));
    await b.round();
    expect(await keys()).not.toContain('syncround_unreadable_previous');
    expect(await keys()).toEqual([]);
    expect(a.vault.get('Mail')?.notes).toBe('good again');
  });

  it('seen keeps nothing of a file gone from the folder (a device that left with its files)', async () => {
    const { folder, browsers } = await synced([
      ['A', [account('GitHub', 1)]],
      ['B', [account('Mail', 3)]],
    ]);
    const [a, b] = browsers as [Browser, Browser];
    await settle(browsers);
    const bDevice = b.vault.record?.device as string;
    expect(Object.keys(a.vault.record?.seen ?? {}).some((n) => n.startsWith(bDevice))).toBe(true);
    for (const slot of ['a', 'b'] as const) folder.files.delete(deviceFileName(bDevice, slot));
    await a.round();
    expect(Object.keys(a.vault.record?.seen ?? {}).some((n) => n.startsWith(bDevice))).toBe(false);
  });

  it('a file of a newer format is merged by nobody and never written to or removed', async () => {
    const { folder, browsers } = await synced([
      ['A', [account('GitHub', 1)]],
      ['B', [account('Mail', 3)]],
    ]);
    const [a, b] = browsers as [Browser, Browser];
    await settle(browsers);
    const bDevice = b.vault.record?.device as string;
    const { testCodec } = await import('./round-codec');
    testCodec.version = 2;
    try {
      b.edit('Mail', (x) => ({ ...x, notes: 'newer Twofold' }));
      await b.round();
    } finally {
      testCodec.version = 1;
    }
    const files = folder.snapshot();
    folder.calls.length = 0;
    a.edit('GitHub', (x) => ({ ...x, notes: 'A goes on' }));
    const report = await a.round();
    expect(report.notices.map((n) => n.key)).toContain('syncround_device_newer');
    expect(a.vault.get('Mail')?.notes).toBe('');
    expect(folder.calls.filter((c) => c.includes(bDevice) && !c.startsWith('get'))).toEqual([]);
    for (const s of ['a', 'b'] as const)
      expect(folder.snapshot().get(deviceFileName(bDevice, s))).toBe(files.get(deviceFileName(bDevice, s)));
  });

  it('an old copy served by the server is ignored and named', async () => {
    const { folder, browsers } = await synced([
      ['A', []],
      ['B', [account('Mail', 3)]],
    ]);
    const [a, b] = browsers as [Browser, Browser];
    await settle(browsers);
    for (const notes of ['one', 'two', 'three']) {
      b.edit('Mail', (x) => ({ ...x, notes }));
      await b.round();
    }
    await a.round();
    expect(a.vault.get('Mail')?.notes).toBe('three');
    const device = b.vault.record?.device as string;
    const slot = b.vault.record?.written.a === b.vault.record?.generation ? 'a' : 'b';
    const name = deviceFileName(device, slot);
    (folder.files.get(name) as { etag: string }).etag = '"listed again"';
    folder.serveOldCopy(name);
    const report = await a.round();
    expect(report.notices.map((n) => n.key)).toContain('syncround_old_copy');
    expect(report.merged).toBe(0);
    expect(a.vault.get('Mail')?.notes).toBe('three');
  });

  it('sync.json of another sync or a newer version stops the round before anything is written', async () => {
    const { folder, browsers } = await synced([['A', [account('GitHub', 1)]]]);
    const [a] = browsers as [Browser];
    a.edit('GitHub', (x) => ({ ...x, notes: 'local' }));
    const record = structuredClone(a.vault.record);
    const { makeFolderFile } = await import('../../../lib/sync/folder-file');
    for (const [file, code] of [
      [makeFolderFile({ version: 1, syncId: 'another', created: T }), 'other-sync'],
      [new TextEncoder().encode('{"format":"twofold-sync","version":2,"syncId":"x","created":1}'), 'newer-version'],
    ] as const) {
      await folder.put('sync.json', file);
      const files = folder.snapshot();
      await expect(a.round()).rejects.toMatchObject({ code });
      expect(a.vault.record).toEqual(record);
      expect(folder.snapshot()).toEqual(files);
    }
  });

  it('a clock hours ahead is merged and named; one more than 7 days ahead is not merged', async () => {
    const { browsers } = await synced([
      ['A', []],
      ['Laptop', [account('Mail', 3)]],
    ]);
    const [a, b] = browsers as [Browser, Browser];
    await settle(browsers);
    b.offsetMs = 3 * HOUR;
    b.edit('Mail', (x) => ({ ...x, notes: 'from the future' }));
    await b.round();
    let report = await a.round();
    expect(report.notices.find((n) => n.key === 'syncround_clock_ahead')?.english).toBe(
      "The clock of Laptop is 3 h ahead of this computer's: changes made there in the last 3 h count as later than yours.",
    );
    expect(a.vault.get('Mail')?.notes).toBe('from the future');
    b.offsetMs = 9 * 24 * HOUR;
    b.edit('Mail', (x) => ({ ...x, notes: 'far future' }));
    await b.round();
    report = await a.round();
    expect(report.notices.map((n) => n.key)).toContain('syncround_clock_far');
    expect(a.vault.get('Mail')?.notes).toBe('from the future');
    expect(report.merged).toBe(0);
  });

  it('the same key added on two browsers becomes one account, named in a notice', async () => {
    const { folder, browsers } = await synced([['A', [account('GitHub', 1)]]]);
    const b = new Browser(
      'B',
      folder,
      (browsers[0] as Browser).clock,
      [account('GitHub-b', 1, { otp: { ...account('x', 1).otp, issuer: 'GitHub' } })],
      7,
    );
    const { pending, report } = await b.join('pw A');
    expect(pending.preview).toMatchObject({ added: 0, combined: 1, kept: 0 });
    expect(report.notices.map((n) => n.english)).toContain('GitHub (alice) was on two devices and is now one account.');
    await settle([...browsers, b]);
    expect(await converged([...browsers, b])).toHaveLength(1);
  });
});

describe('a copied profile', () => {
  it('is noticed from its own slot, joined, and given a new device id', async () => {
    const { folder, browsers } = await synced([['A', [account('GitHub', 1)]]]);
    const [a] = browsers as [Browser];
    await a.round();
    const copy = new Browser('A', folder, a.clock, structuredClone(a.vault.accounts() as Account[]), 99);
    copy.vault.record = structuredClone(a.vault.record);
    const device = a.vault.record?.device;
    copy.edit('GitHub', (x) => ({ ...x, notes: 'made in the copy' }));
    await copy.round();
    const report = await a.round();
    expect(report.notices.map((n) => n.key)).toContain('syncround_copied');
    expect(a.vault.record?.device).not.toBe(device);
    expect(a.vault.get('GitHub')?.notes).toBe('made in the copy');
    a.edit('GitHub', (x) => ({ ...x, notes: 'made in A afterwards' }));
    await settle([a, copy]);
    await converged([a, copy]);
    expect(copy.vault.get('GitHub')?.notes).toBe('made in A afterwards');
    // The old id is stamped as left (M4): the copy still writing under it takes a new id too, and the devices list
    // shows the two browsers under their new ids only.
    expect(copy.vault.record?.device).not.toBe(device);
    const live = (b: Browser) =>
      Object.entries(b.vault.record?.replica.state.devices ?? {})
        .filter(([, d]) => d.left === undefined)
        .map(([id]) => id)
        .sort();
    expect(live(a)).toEqual([a.vault.record?.device, copy.vault.record?.device].sort());
    expect(live(copy)).toEqual(live(a));
    expect(a.vault.record?.replica.state.devices[device as string]?.left).toBeDefined();
    expect(folder.files.size).toBeGreaterThan(0);
  });

  it('a PUT that lands but whose completion is never recorded is read back as its own write (M1)', async () => {
    const { folder, browsers } = await synced([['A', [account('GitHub', 1)]]]);
    const [a] = browsers as [Browser];
    await a.round();
    const device = a.vault.record?.device;
    a.edit('GitHub', (x) => ({ ...x, notes: 'written, never recorded' }));
    // The PUT lands; the commit after it fails (the worker stopped, the vault locked).
    const landing = Object.create(folder) as typeof folder;
    landing.put = async (name, body) => {
      await folder.put(name, body);
      a.vault.failNextUpdate = true;
    };
    await expect(a.round({ folder: landing })).rejects.toThrow('vault write failed');
    folder.calls.length = 0;
    const report = await a.round();
    expect(report.notices.map((n) => n.key)).not.toContain('syncround_copied');
    expect(a.vault.record?.device).toBe(device);
    expect(report.uploaded).toBe(false);
    expect(folder.calls.filter((c) => c.startsWith('put'))).toEqual([]);
    expect(a.vault.record?.unsure).toBeUndefined();
  });
});

it('a SyncError is what a failed round throws', async () => {
  const { folder, browsers } = await synced([['A', []]]);
  folder.failNext('list', 'server');
  await expect((browsers[0] as Browser).round()).rejects.toBeInstanceOf(SyncError);
});
