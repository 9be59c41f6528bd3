import { describe, expect, it } from 'vitest';
import { deviceFileName } from '../../../lib/sync/device-file';
import { accountDigest } from '../../../lib/sync/digest';
import { FOLDER_FILE } from '../../../lib/sync/folder-file';
import { leaveSync, prepareJoin, probe } from '../../../lib/sync/setup';
import { MemoryFolder } from './memory-folder';
import { testCodec } from './round-codec';
import { account, Browser, settle, synced, T } from './round-harness';

/* Turning sync on, joining and leaving (docs/sync-format.md "Joining a second device"). */

const engine = { kind: 'webdav' as const, url: 'http://127.0.0.1:1/', user: 'u', password: 'p' };

describe('starting sync', () => {
  it('an empty folder probes empty; after the first start it holds one browser', async () => {
    const folder = new MemoryFolder();
    expect(await probe(folder, testCodec)).toEqual({ kind: 'empty' });
    const a = new Browser('Laptop', folder, { t: T }, [account('GitHub', 1)], 1);
    const report = await a.start();
    expect(report.uploaded).toBe(true);
    expect(await probe(folder, testCodec)).toEqual({ kind: 'existing', created: T, devices: 1 });
    const r = a.vault.record;
    expect(r?.deviceName).toBe('Laptop');
    expect(r?.replica.state.devices[r.device]?.name[0]).toBe('Laptop');
    expect(r?.digests).toEqual({ GitHub: accountDigest(a.vault.get('GitHub') as never) });
    expect(folder.files.has(deviceFileName(r?.device as string, 'a'))).toBe(true);
  });

  it('a folder that already holds a sync is refused: join it instead, nothing written', async () => {
    const { folder } = await synced([['A', [account('GitHub', 1)]]]);
    const files = folder.snapshot();
    const b = new Browser('B', folder, { t: T }, [account('Mail', 3)], 2);
    await expect(b.start()).rejects.toMatchObject({ code: 'other-sync' });
    expect(b.vault.record).toBeUndefined();
    expect(folder.snapshot()).toEqual(files);
  });

  it('a sync.json left without any device file by a failed start is taken over', async () => {
    const folder = new MemoryFolder();
    const a = new Browser('A', folder, { t: T }, [account('GitHub', 1)], 1);
    a.vault.failNextUpdate = true;
    await expect(a.start()).rejects.toThrow();
    expect(folder.files.has(FOLDER_FILE)).toBe(true);
    await a.start();
    const b = new Browser('B', folder, { t: T }, [], 2);
    await b.join('pw A');
    expect(b.vault.get('GitHub')).toBeDefined();
  });
});

describe('joining', () => {
  it('previews added, combined and kept accounts and the browsers, writing nothing', async () => {
    const { folder } = await synced([['Laptop', [account('GitHub', 1), account('Bank', 2), account('Shared', 5)]]]);
    const files = folder.snapshot();
    const mine = [
      // The same key under another id (added on both): combined. The same id: combined. Only here: kept.
      account('GitHub-here', 1, { otp: { ...account('GitHub', 1).otp } }),
      account('Shared', 5, { notes: 'mine' }),
      account('Mail', 3),
      account('Forum', 4),
    ];
    const b = new Browser('Desktop', folder, { t: T }, mine, 2);
    const pending = await prepareJoin(
      b.deps,
      { engine, remotePassword: 'pw Laptop', masterPassword: 'pw Desktop', deviceName: 'Desktop' },
      b.vault.accounts(),
    );
    expect(pending.preview).toEqual({ added: 1, combined: 2, kept: 2, devices: ['Laptop'] });
    expect(folder.snapshot()).toEqual(files);
    expect(b.vault.record).toBeUndefined();
    expect(b.vault.commits).toBe(0);
  });

  it('a password that opens no slot is wrong-password, and nothing is written', async () => {
    const { folder } = await synced([['Laptop', [account('GitHub', 1)]]]);
    const files = folder.snapshot();
    const b = new Browser('Desktop', folder, { t: T }, [], 2);
    await expect(b.join('not it')).rejects.toMatchObject({ code: 'wrong-password' });
    expect(folder.snapshot()).toEqual(files);
    expect(b.vault.record).toBeUndefined();
  });

  it('a second browser joins with its own password; a third joins with the second one’s', async () => {
    const { folder, browsers } = await synced([
      ['A', [account('GitHub', 1)]],
      ['B', [account('Mail', 3)]],
    ]);
    const c = new Browser('C', folder, { t: T }, [account('Forum', 4)], 3);
    const { pending } = await c.join('pw B');
    expect(pending.preview.devices).toEqual(['A', 'B']);
    await settle([...browsers, c]);
    for (const x of [...browsers, c]) expect(x.vault.accounts().map((a) => a.id)).toEqual(['Forum', 'GitHub', 'Mail']);
  });

  it('a folder without a sync has nothing to join', async () => {
    const b = new Browser('B', new MemoryFolder(), { t: T }, [], 2);
    await expect(b.join('pw')).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('leaving', () => {
  it('removes the record and keeps the vault; with removeFiles, only this browser’s two files go', async () => {
    const { folder, browsers } = await synced([
      ['A', [account('GitHub', 1)]],
      ['B', [account('Mail', 3)]],
    ]);
    await settle(browsers);
    const [a, b] = browsers as [Browser, Browser];
    const device = a.vault.record?.device as string;
    const others = [...folder.files.keys()].filter((n) => !n.startsWith(device));
    await leaveSync(a.deps, a.vault, true);
    expect(a.vault.record).toBeUndefined();
    expect(a.vault.accounts().map((x) => x.id)).toEqual(['GitHub', 'Mail']);
    expect([...folder.files.keys()].sort()).toEqual(others.sort());
    const bFiles = folder.snapshot();
    await leaveSync(b.deps, b.vault, false);
    expect(b.vault.record).toBeUndefined();
    // Without removeFiles no file goes (its own is written once more, saying it left).
    const after = folder.snapshot();
    for (const name of bFiles.keys()) expect(after.has(name), name).toBe(true);
  });
});

describe('leaving, as the others see it (M4)', () => {
  it('a browser that leaves and keeps its files is marked left: the others stop listing it', async () => {
    const { browsers } = await synced([
      ['A', [account('GitHub', 1)]],
      ['B', [account('Mail', 3)]],
    ]);
    await settle(browsers);
    const [a, b] = browsers as [Browser, Browser];
    const bDevice = b.vault.record?.device as string;
    expect(a.vault.record?.replica.state.devices[bDevice]?.left).toBeUndefined();
    await leaveSync(b.deps, b.vault, false);
    expect(b.vault.record).toBeUndefined();
    await a.round();
    expect(a.vault.record?.replica.state.devices[bDevice]?.left).toBeDefined();
    expect(a.vault.record?.device).not.toBe(bDevice);
  });
});

describe('joining through a failing server', () => {
  it('a transport failure while reading the files fails the preview instead of leaving files out', async () => {
    const { folder } = await synced([['Laptop', [account('GitHub', 1)]]]);
    const b = new Browser('Desktop', folder, { t: T }, [], 2);
    folder.failNext(
      'get',
      'server',
      [...folder.files.keys()].find((n) => n.endsWith('.tfsync')),
    );
    await expect(b.join('pw Laptop')).rejects.toMatchObject({ code: 'server' });
    expect(b.vault.record).toBeUndefined();
  });
});
