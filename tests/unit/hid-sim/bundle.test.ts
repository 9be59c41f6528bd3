import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import vm from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFakeHidBundle } from '../../hid-sim/build.mjs';
import type { FakeHidGlobal } from '../../hid-sim/bundle';
import { extensionWithFakeHid } from '../../hid-sim/inject';
import { GOLDEN, RFC_SECRET_HEX } from './golden';

const BUILD_SCRIPT = fileURLToPath(new URL('../../hid-sim/build.mjs', import.meta.url));

interface DataViewLike {
  byteLength: number;
  getUint8(i: number): number;
  getUint32(i: number, le: boolean): number;
}

interface HidLike {
  requestDevice(o: unknown): Promise<DeviceLike[]>;
  getDevices(): Promise<DeviceLike[]>;
}
interface DeviceLike {
  productName: string;
  open(): Promise<void>;
  close(): Promise<void>;
  sendFeatureReport(id: number, data: unknown): Promise<void>;
  receiveFeatureReport(id: number): Promise<DataViewLike>;
}

let dir = '';
let code = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'twofold-fake-hid-'));
  const out = join(dir, 'nested', 'fake-hid.js');
  await promisify(execFile)(process.execPath, [BUILD_SCRIPT, out]);
  code = await readFile(out, 'utf8');
});

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function poll(d: DeviceLike): Promise<DataViewLike> {
  for (let i = 0; i < 100; i++) {
    const v = await d.receiveFeatureReport(0);
    if (v.getUint8(0) === 0) return v;
  }
  throw new Error('never ready');
}

describe('the injectable bundle', () => {
  it('the CLI writes an IIFE without imports or exports', () => {
    expect(code.length).toBeGreaterThan(1000);
    expect(code).not.toMatch(/^\s*(import|export)\s/m);
    expect(code).toContain('__twofoldFakeHid');
  });

  it('buildFakeHidBundle returns the same kind of script in memory', async () => {
    const inMemory = await buildFakeHidBundle({ minify: true });
    expect(inMemory).toContain('__twofoldFakeHid');
    expect(inMemory.length).toBeLessThan(code.length);
  });

  it('runs in a bare vm context: install on a window-like global and read a TOTP code', async () => {
    const ctx = vm.createContext({ document: {}, navigator: {}, console });
    vm.runInContext(code, ctx);
    const api = ctx.__twofoldFakeHid as FakeHidGlobal;
    expect(typeof api.NitrokeySim).toBe('function');
    let now = 0;
    const sim = new api.NitrokeySim({
      clock: () => now,
      busyPolls: 0,
      processMs: 40,
      slots: [{ kind: 'totp', index: 0, name: 'rfc', secret: RFC_SECRET_HEX, digits: 8 }],
    });
    api.installFakeHid(ctx, [sim]);
    expect(api.current?.sims[0]).toBe(sim);
    const hid = (ctx.navigator as { hid: HidLike }).hid;
    const [d] = await hid.requestDevice({ filters: [{ vendorId: 0x20a0, productId: 0x4108, usagePage: 0xff00 }] });
    if (!d) throw new Error('no device');
    expect(d.productName).toBe('Nitrokey Pro');
    await d.open();
    await d.sendFeatureReport(0, api.protocol.requests.setTime(1111111109, true));
    now += 40;
    await poll(d);
    await d.sendFeatureReport(0, GOLDEN.getCode20); // a buffer from another realm
    now += 39;
    expect((await d.receiveFeatureReport(0)).getUint8(0)).toBe(1);
    now += 1;
    const v = await poll(d);
    expect(v.byteLength).toBe(64);
    expect(v.getUint32(7, true)).toBe(7081804);
    await d.close();
  });

  it('auto-installs from __twofoldFakeHidConfig in a service-worker-like global', async () => {
    const ctx = vm.createContext({ importScripts: () => undefined, console });
    vm.runInContext(
      `globalThis.__twofoldFakeHidConfig = { preGranted: true, sims: [{ model: 'storage', busyPolls: 1,
        slots: [{ kind: 'hotp', index: 0, name: 'h', secretAscii: '12345678901234567890' }] }] };`,
      ctx,
    );
    vm.runInContext(code, ctx);
    const hid = (ctx.navigator as { hid: HidLike }).hid;
    await expect(hid.requestDevice({ filters: [] })).rejects.toMatchObject({ name: 'NotSupportedError' });
    const [d] = await hid.getDevices();
    if (!d) throw new Error('no device');
    expect(d.productName).toBe('Nitrokey Storage');
    await d.open();
    await d.sendFeatureReport(0, GOLDEN.getCode10);
    const v = await poll(d);
    expect(v.getUint32(7, true)).toBe(755224);
  });
});

describe('extensionWithFakeHid', () => {
  it('patches the service worker and the pages of a copied extension', async () => {
    const src = await mkdtemp(join(tmpdir(), 'twofold-fake-ext-src-'));
    try {
      await writeFile(join(src, 'manifest.json'), JSON.stringify({ background: { service_worker: 'background.js' } }));
      await writeFile(join(src, 'background.js'), 'globalThis.seenHid = typeof navigator.hid.getDevices;');
      await writeFile(
        join(src, 'popup.html'),
        '<!doctype html><html><head><meta charset="utf-8"></head><body></body></html>',
      );
      const ext = await extensionWithFakeHid(src, {
        config: {
          preGranted: true,
          sims: [{ slots: [{ kind: 'totp', index: 0, name: 'x', secretHex: RFC_SECRET_HEX }] }],
        },
      });
      try {
        expect(ext.patched.sort()).toEqual(['background.js', 'popup.html']);
        const html = await readFile(join(ext.dir, 'popup.html'), 'utf8');
        expect(html).toContain('<head><script src="/fake-hid-config.js"></script><script src="/fake-hid.js"></script>');
        const ctx = vm.createContext({ importScripts: () => undefined, console });
        vm.runInContext(await readFile(join(ext.dir, 'background.js'), 'utf8'), ctx);
        expect(ctx.seenHid).toBe('function');
        const devices = await (ctx.navigator as { hid: HidLike }).hid.getDevices();
        expect(devices.map((d) => d.productName)).toEqual(['Nitrokey Pro']);
        const config = await readFile(join(ext.dir, 'fake-hid-config.js'), 'utf8');
        expect(config).toContain('"grantChannel":"twofold-fake-hid"');
      } finally {
        await ext.cleanup();
      }
    } finally {
      await rm(src, { recursive: true, force: true });
    }
  });
});
