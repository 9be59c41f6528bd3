import { describe, expect, it } from 'vitest';
import { installFromConfig, simFromConfig } from '../../hid-sim/config';
import { NitrokeySim } from '../../hid-sim/nitrokey-sim';
import { Cmd, DeviceStatus, parseResponse, readU32le, requests } from '../../hid-sim/protocol';
import {
  FakeHid,
  FakeHidDevice,
  type GrantStore,
  grantKey,
  installFakeHid,
  simTransport,
} from '../../hid-sim/transport';
import { GOLDEN, RFC_SECRET_HEX } from './golden';

const clock = () => 0;
const rfcTotp = { kind: 'totp' as const, index: 0, name: 'rfc', secret: RFC_SECRET_HEX, digits: 8 as const };

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected a rejection');
}

/** Lets queued microtasks (event delivery) run. */
const tick = () => new Promise<void>((r) => setTimeout(r, 0));

describe('FeatureTransport adapter', () => {
  it('exposes identity and runs a transaction', async () => {
    const sim = new NitrokeySim({ clock, busyPolls: 1, slots: [rfcTotp] });
    const t = simTransport(sim);
    expect([t.vendorId, t.productId, t.usagePage]).toEqual([0x20a0, 0x4108, 0xff00]);
    await t.open();
    await t.sendFeature(requests.setTime(1111111109, true));
    while ((await t.receiveFeature())[0] !== DeviceStatus.READY) {
      /* poll */
    }
    await t.sendFeature(GOLDEN.getCode20);
    let r = await t.receiveFeature();
    while (r[0] !== DeviceStatus.READY) r = await t.receiveFeature();
    expect(r).toEqual(GOLDEN.getCode20Response);
    await t.close();
    expect([t.openCount, t.closeCount]).toEqual([1, 1]);
  });

  it('requires open(), and throws like a disconnected device after unplug', async () => {
    const sim = new NitrokeySim({ clock });
    const t = simTransport(sim);
    expect((await rejection(t.sendFeature(requests.getStatus()))).name).toBe('InvalidStateError');
    await t.open();
    sim.unplug();
    expect(t.opened).toBe(false);
    const e = await rejection(t.receiveFeature());
    expect(e.name).toBe('NotFoundError');
    expect((await rejection(t.open())).message).toBe('The device was disconnected.');
    sim.plug();
    await t.open();
    await t.sendFeature(requests.getStatus());
  });

  it('passes the 65-byte and shifted buffers through unnormalised', async () => {
    const sim = new NitrokeySim({ clock, busyPolls: 0 });
    const t = simTransport(sim);
    await t.open();
    sim.withReportId = true;
    await t.sendFeature(requests.getStatus());
    expect((await t.receiveFeature()).length).toBe(65);
  });
});

describe('fake HIDDevice', () => {
  it('looks like WebHID: identity, vendor collection, DataView answers', async () => {
    const sim = new NitrokeySim({ clock, busyPolls: 0, slots: [rfcTotp] });
    const d = new FakeHidDevice(sim);
    expect([d.vendorId, d.productId, d.productName, d.opened]).toEqual([0x20a0, 0x4108, 'Nitrokey Pro', false]);
    expect(d.collections[0]).toMatchObject({ usagePage: 0xff00, usage: 1, type: 1 });
    expect(d.collections[0]?.featureReports[0]?.items[0]).toMatchObject({ reportSize: 8, reportCount: 64 });
    await d.open();
    expect(d.opened).toBe(true);
    await d.sendFeatureReport(0, requests.setTime(1111111109, true));
    await d.receiveFeatureReport(0);
    await d.sendFeatureReport(0, GOLDEN.getCode20.buffer);
    const view = await d.receiveFeatureReport(0);
    expect(view).toBeInstanceOf(DataView);
    expect(view.byteLength).toBe(64);
    expect(view.getUint32(7, true)).toBe(7081804);
    await d.close();
    expect(d.calls).toEqual({ open: 1, close: 1, sendFeatureReport: 2, receiveFeatureReport: 2 });
  });

  it('rejects like Chrome: not open, already open, wrong report id, forgotten', async () => {
    const sim = new NitrokeySim({ clock });
    const d = new FakeHidDevice(sim);
    let e = await rejection(d.sendFeatureReport(0, requests.getStatus()));
    expect([e.name, e.message]).toEqual(['InvalidStateError', 'The device must be opened first.']);
    e = await rejection(d.receiveFeatureReport(0));
    expect(e.name).toBe('InvalidStateError');
    await d.open();
    e = await rejection(d.open());
    expect([e.name, e.message]).toEqual(['InvalidStateError', 'The device is already open.']);
    e = await rejection(d.sendFeatureReport(1, requests.getStatus()));
    expect(e.name).toBe('NotAllowedError');
    e = await rejection(d.sendFeatureReport(0, 'nope' as unknown as ArrayBuffer));
    expect(e).toBeInstanceOf(TypeError);
    await d.forget();
    e = await rejection(d.open());
    expect(e.message).toBe('The device is forgotten.');
  });

  it('after unplug: NotFoundError by default, Chrome-style closed device on request', async () => {
    const a = new NitrokeySim({ clock });
    const da = new FakeHidDevice(a);
    await da.open();
    a.unplug();
    expect(da.opened).toBe(false);
    expect(da.disconnected).toBe(true);
    const e1 = await rejection(da.receiveFeatureReport(0));
    expect([e1.name, e1.message]).toEqual(['NotFoundError', 'The device was disconnected.']);

    const b = new NitrokeySim({ clock });
    const db = new FakeHidDevice(b, { disconnectStyle: 'chrome' });
    await db.open();
    b.unplug();
    const e2 = await rejection(db.sendFeatureReport(0, requests.getStatus()));
    expect([e2.name, e2.message]).toEqual(['InvalidStateError', 'The device must be opened first.']);
    const e3 = await rejection(db.open());
    expect([e3.name, e3.message]).toEqual(['NotAllowedError', 'Failed to open the device.']);
  });

  it('a legacy keyboard descriptor (fw ≤ v0.9) shows GD/Keyboard with only the feature report', () => {
    const d = new FakeHidDevice(new NitrokeySim({ clock, firmware: { major: 0, minor: 9 } }));
    expect(d.collections[0]).toMatchObject({ usagePage: 1, usage: 6, inputReports: [], outputReports: [] });
    expect(d.collections[0]?.featureReports).toHaveLength(1);
  });
});

describe('fake navigator.hid', () => {
  it('requestDevice returns the sims matching the filters and grants them; getDevices then sees them', async () => {
    const pro = new NitrokeySim({ clock, model: 'pro', serial: 1 });
    const storage = new NitrokeySim({ clock, model: 'storage', serial: 2 });
    const librem = new NitrokeySim({ clock, model: 'librem', serial: 3 });
    const hid = new FakeHid([pro, storage, librem]);
    expect(await hid.getDevices()).toEqual([]);
    const chosen = await hid.requestDevice({
      filters: [
        { vendorId: 0x20a0, productId: 0x4108, usagePage: 0xff00 },
        { vendorId: 0x316d, productId: 0x4c4b },
      ],
    });
    expect(chosen.map((d) => d.productName)).toEqual(['Nitrokey Pro', 'Librem Key']);
    expect((await hid.getDevices()).map((d) => d.productName)).toEqual(['Nitrokey Pro', 'Librem Key']);
    // same object every time, like Blink's device cache
    expect((await hid.getDevices())[0]).toBe(chosen[0]);
    expect(hid.requestDeviceCalls).toBe(1);
  });

  it('usagePage filters exclude a legacy keyboard-descriptor device; exclusionFilters apply', async () => {
    const legacy = new NitrokeySim({ clock, firmware: { major: 0, minor: 9 } });
    const modern = new NitrokeySim({ clock, model: 'storage' });
    const hid = new FakeHid([legacy, modern]);
    expect(await hid.requestDevice({ filters: [{ vendorId: 0x20a0, usagePage: 0xff00 }] })).toHaveLength(1);
    const all = await hid.requestDevice({ filters: [{ vendorId: 0x20a0 }], exclusionFilters: [{ productId: 0x4109 }] });
    expect(all.map((d) => d.sim)).toEqual([legacy]);
  });

  it('a dismissed chooser resolves [] and grants nothing', async () => {
    const sim = new NitrokeySim({ clock });
    const hid = new FakeHid([sim], { cancelChooser: true });
    expect(await hid.requestDevice({ filters: [] })).toEqual([]);
    expect(await hid.getDevices()).toEqual([]);
    hid.cancelChooser = false;
    expect(await hid.requestDevice({ filters: [{ vendorId: 0x20a0 }] })).toHaveLength(1);
  });

  it("chooser 'first' picks one device", async () => {
    const hid = new FakeHid([new NitrokeySim({ clock, serial: 1 }), new NitrokeySim({ clock, serial: 2 })], {
      chooser: 'first',
    });
    expect(await hid.requestDevice({ filters: [{ vendorId: 0x20a0 }] })).toHaveLength(1);
  });

  it('requestDevice needs filters, a window and a user gesture', async () => {
    const sim = new NitrokeySim({ clock });
    const hid = new FakeHid([sim], { userActivation: () => false });
    expect(await rejection(hid.requestDevice(undefined as never))).toBeInstanceOf(TypeError);
    expect((await rejection(hid.requestDevice({ filters: [] }))).name).toBe('SecurityError');
    const worker = new FakeHid([sim], { context: 'worker', preGranted: true });
    expect((await rejection(worker.requestDevice({ filters: [] }))).name).toBe('NotSupportedError');
    expect(await worker.getDevices()).toHaveLength(1);
  });

  it('fires disconnect/connect for granted devices; a replug is a new HIDDevice object, powered up afresh', async () => {
    let now = 0;
    const sim = new NitrokeySim({ clock: () => now, slots: [rfcTotp] });
    const other = new NitrokeySim({ clock: () => now, serial: 9 });
    const hid = new FakeHid([sim, other], { preGranted: true });
    hid.revoke(other);
    const events: string[] = [];
    hid.addEventListener('connect', (e) => events.push(`connect:${(e.device as FakeHidDevice).sim.serial}`));
    hid.ondisconnect = (e) => events.push(`disconnect:${(e.device as FakeHidDevice).sim.serial}`);
    const [before] = await hid.getDevices();
    await before?.open();

    hid.unplug(sim);
    hid.unplug(other); // not granted: no event
    expect(events).toEqual([]); // delivered as a task, not synchronously
    await tick();
    expect(events).toEqual(['disconnect:24337']);
    expect(await hid.getDevices()).toEqual([]);
    expect(before?.opened).toBe(false);

    now = 60_000;
    hid.plug(sim);
    await tick();
    expect(events).toEqual(['disconnect:24337', 'connect:24337']);
    const [after] = await hid.getDevices();
    expect(after).not.toBe(before);
    expect(after?.opened).toBe(false);
    expect(sim.deviceTime()).toBe(0);
    expect(hid.deviceFor(sim)).toBe(after);
  });

  it('unplugAfterNextSet fires disconnect after the SET resolved', async () => {
    const sim = new NitrokeySim({ clock });
    const hid = new FakeHid([sim], { preGranted: true });
    const seen: string[] = [];
    hid.addEventListener('disconnect', () => seen.push('disconnect'));
    const [d] = await hid.getDevices();
    await d?.open();
    sim.unplugAfterNextSet = true;
    await d?.sendFeatureReport(0, requests.getStatus());
    expect((await rejection(d?.receiveFeatureReport(0) ?? Promise.resolve())).name).toBe('NotFoundError');
    await tick();
    expect(seen).toEqual(['disconnect']);
  });

  it('forget() revokes the grant', async () => {
    const sim = new NitrokeySim({ clock });
    const hid = new FakeHid([sim], { preGranted: true });
    const [d] = await hid.getDevices();
    await d?.forget();
    expect(await hid.getDevices()).toEqual([]);
    expect(hid.isGranted(sim)).toBe(false);
  });

  it('grants persist through a GrantStore and are shared over a BroadcastChannel', async () => {
    const saved: string[][] = [];
    const store: GrantStore = {
      load: async () => saved[saved.length - 1] ?? [],
      save: async (keys) => {
        saved.push(keys);
      },
    };
    const sim = new NitrokeySim({ clock, serial: 0x5f11 });
    const page = new FakeHid([sim], { grantStore: store, grantChannel: 'hid-sim-test' });
    const worker = new FakeHid([new NitrokeySim({ clock, serial: 0x5f11 })], {
      context: 'worker',
      grantChannel: 'hid-sim-test',
    });
    try {
      await page.requestDevice({ filters: [{ vendorId: 0x20a0 }] });
      expect(saved.at(-1)).toEqual([grantKey(sim)]);
      await new Promise((r) => setTimeout(r, 20));
      expect(await worker.getDevices()).toHaveLength(1);
      // a restarted realm loads the grants from the store
      const restarted = new FakeHid([new NitrokeySim({ clock, serial: 0x5f11 })], { grantStore: store });
      expect(await restarted.getDevices()).toHaveLength(1);
    } finally {
      page.dispose();
      worker.dispose();
    }
  });
});

describe('installFakeHid', () => {
  it('defines navigator.hid on a window-like global, shadowing a prototype getter', async () => {
    class Navigator {
      get hid(): unknown {
        return 'real';
      }
    }
    const win = { navigator: new Navigator(), document: {} };
    const sim = new NitrokeySim({ clock, busyPolls: 0 });
    const hid = installFakeHid(win, [sim], { userActivation: () => true });
    expect(win.navigator.hid).toBe(hid);
    const [d] = await hid.requestDevice({ filters: [{ vendorId: 0x20a0 }] });
    await d?.open();
    await d?.sendFeatureReport(0, requests.getStatus());
    const v = (await d?.receiveFeatureReport(0)) ?? new DataView(new ArrayBuffer(0));
    expect(v.getUint8(1)).toBe(Cmd.GET_STATUS);
  });

  it('uses navigator.userActivation in a window', async () => {
    const activation = { isActive: false };
    const win = { navigator: { userActivation: activation }, document: {} };
    const hid = installFakeHid(win, [new NitrokeySim({ clock })]);
    expect((await rejection(hid.requestDevice({ filters: [] }))).name).toBe('SecurityError');
    activation.isActive = true;
    expect(await hid.requestDevice({ filters: [] })).toHaveLength(1);
  });

  it('detects a service-worker global; creates navigator when missing', async () => {
    const sw: { navigator?: object; importScripts: () => void } = { importScripts: () => undefined };
    const hid = installFakeHid(sw, [new NitrokeySim({ clock })], { preGranted: true });
    expect((sw.navigator as { hid: unknown }).hid).toBe(hid);
    expect((await rejection(hid.requestDevice({ filters: [] }))).name).toBe('NotSupportedError');
    expect(await hid.getDevices()).toHaveLength(1);
  });

  it('installFromConfig builds sims from JSON (hex / base32 / ascii secrets, auth delay)', async () => {
    let now = 0;
    const target: { navigator?: object } = {};
    const hid = installFromConfig(
      {
        preGranted: true,
        sims: [
          {
            model: 'pro',
            busyPolls: 0,
            processMs: 40,
            authProcessMs: 200,
            slots: [
              { kind: 'totp', index: 0, name: 'b32', secretBase32: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ', digits: 8 },
              { kind: 'hotp', index: 0, name: 'ascii', secretAscii: '12345678901234567890' },
            ],
          },
        ],
      },
      target,
    );
    const sim = hid.sims[0];
    expect(sim?.slot('totp', 0)?.secret.subarray(0, 20)).toEqual(Uint8Array.from(Buffer.from(RFC_SECRET_HEX, 'hex')));
    expect(sim?.slot('hotp', 0)?.name).toBe('ascii');
    expect(typeof sim?.processMs === 'function' && sim.processMs(0x0e)).toBe(240);
    expect(typeof sim?.processMs === 'function' && sim.processMs(0x04)).toBe(40);
    // simFromConfig with an injected clock
    const s2 = simFromConfig({ busyPolls: 0, processMs: 40, slots: [] }, () => now);
    s2.setFeatureReport(requests.getStatus());
    now = 39;
    expect(s2.getFeatureReport()[0]).not.toBe(DeviceStatus.READY);
    now = 40;
    const r = s2.getFeatureReport();
    expect(parseResponse(r).cmd).toBe(Cmd.GET_STATUS);
    expect(readU32le(r, 2)).toBe(0xef6eb7df);
  });
});
