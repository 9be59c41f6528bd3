import { base64 } from '@scure/base';
import { displayName } from '../../lib/enrol/review';
import { NitrokeyError } from '../../lib/hid/errors';
import { type NitrokeyInfo, type NitrokeySlot, NitrokeyDriver, needsResync } from '../../lib/hid/nitrokey';
import type { OfferedAccount, RequestMap, ResponseMap } from '../../lib/messaging/protocol';
import { siteMatches } from '../../lib/match/site-match';
import { VaultError } from '../../lib/vault/errors';
import type { VaultSession } from '../../lib/vault/session';
import type { Effects } from '../../lib/vault/slots';
import type { SessionStore } from '../../platform/session-storage';
import { type HidDeviceLike, transportFor } from '../../platform/webhid';

/** Per key, in storage.session: the temporary user password (a bearer token until replug) and the clock state. */
type KeyMemory = Record<string, { temp?: string; lastSyncSec?: number; clock?: 'ok' | 'needs-confirmation' }>;
const MEMORY_KEY = 'hid-keys';

export interface KeyEnvironment {
  /** Paired keys (`navigator.hid.getDevices()`), or [] where WebHID does not exist. */
  devices(): Promise<HidDeviceLike[]>;
  available: boolean;
  /** Monotonic ms and a sleep, for the transaction loop's polling. */
  monotonic(): number;
  sleep(ms: number): Promise<void>;
}

interface Present {
  id: string;
  device: HidDeviceLike;
  info: NitrokeyInfo;
  /** The slot table as last read (18 READ_SLOTs, ~0.75 s on a real key): codes use it instead of reading it again. */
  slots?: NitrokeySlot[];
}

const slotRef = (slotId: string) => {
  const m = /^(totp|hotp)-(\d{1,2})$/.exec(slotId);
  if (!m) throw new NitrokeyError('bad-slot', `“${slotId}” is not a key slot.`);
  return { kind: m[1] as 'totp' | 'hotp', index: Number(m[2]) };
};

/**
 * Hardware keys (issue 7) in the background: every device I/O happens here, one command at a time per
 * key (the driver's queue), opened and closed per operation. Pages pair keys and ask; content scripts
 * only see slots bound to their own site, and get a code on fill.
 */
export class HardwareKeys {
  #present = new Map<HidDeviceLike, Present>();

  constructor(
    private readonly session: VaultSession,
    private readonly store: SessionStore,
    private readonly env: KeyEnvironment,
    private readonly fx: Effects,
  ) {}

  /**
   * A key was plugged or unplugged: identities are read again on next use. An unplugged key loses its
   * RAM: the temporary PIN password and the clock (spec §2.5), so both are forgotten and set again.
   */
  async changed(change: 'connect' | 'disconnect' = 'connect'): Promise<void> {
    this.#present.clear();
    if (change === 'disconnect') await this.store.remove(MEMORY_KEY);
  }

  async #memory(): Promise<KeyMemory> {
    return (await this.store.get<KeyMemory>(MEMORY_KEY)) ?? {};
  }

  async #remember(id: string, patch: KeyMemory[string]): Promise<void> {
    const all = await this.#memory();
    all[id] = { ...all[id], ...patch };
    await this.store.set(MEMORY_KEY, all);
  }

  #driver(device: HidDeviceLike, memory?: KeyMemory[string]): NitrokeyDriver {
    return new NitrokeyDriver(
      transportFor(device),
      { now: this.env.monotonic, sleep: this.env.sleep },
      {
        ...(memory?.temp ? { tempUserPassword: base64.decode(memory.temp) } : {}),
        ...(memory?.lastSyncSec !== undefined ? { lastSyncSec: memory.lastSyncSec } : {}),
      },
    );
  }

  /** The paired keys that are plugged in, each identified once by model and card serial. */
  async #keys(): Promise<{ present: Present[]; failures: { name: string; message: string }[] }> {
    const failures: { name: string; message: string }[] = [];
    const present: Present[] = [];
    for (const device of await this.env.devices()) {
      const known = this.#present.get(device);
      if (known) {
        present.push(known);
        continue;
      }
      try {
        const info = await this.#driver(device).info();
        const entry = { id: `${info.model}-${info.serial}`, device, info };
        this.#present.set(device, entry);
        present.push(entry);
      } catch (e) {
        failures.push({ name: device.productName || 'Hardware key', message: keyMessage(e) });
      }
    }
    return { present, failures };
  }

  async #find(keyId: string): Promise<Present> {
    const key = (await this.#keys()).present.find((k) => k.id === keyId);
    if (!key) throw new NitrokeyError('disconnected', 'The key is not plugged in (or no longer paired).');
    return key;
  }

  /** Sets the key's clock when it was never set this session or the last time is > 10 minutes ago (spec §2.5). */
  async #syncIfDue(key: Present, driver: NitrokeyDriver): Promise<'ok' | 'needs-confirmation'> {
    const memory = (await this.#memory())[key.id];
    const now = Math.floor(this.fx.now() / 1000);
    if (memory?.clock === 'needs-confirmation') return 'needs-confirmation';
    if (!needsResync(memory?.lastSyncSec, now)) return 'ok';
    const result = await driver.syncTime(now, 'soft');
    await this.#remember(key.id, result === 'ok' ? { lastSyncSec: now, clock: 'ok' } : { clock: 'needs-confirmation' });
    return result;
  }

  async list(): Promise<ResponseMap['keys-list']> {
    await this.session.require();
    if (!this.env.available) return { available: false, keys: [], failures: [] };
    const { present, failures } = await this.#keys();
    const bindings = (await this.session.settings()).keySlotSites;
    const memory = await this.#memory();
    const keys = [];
    for (const key of present) {
      try {
        const driver = this.#driver(key.device, memory[key.id]);
        // Read again: retry counters and PIN protection change (a wrong PIN, the Nitrokey App).
        key.info = await driver.info();
        const clock = await this.#syncIfDue(key, driver);
        const slots = await driver.listSlots();
        key.slots = slots;
        keys.push({
          id: key.id,
          name: key.info.modelName,
          firmware: key.info.fw,
          serial: key.info.serial,
          pinRequired: key.info.otpPinRequired,
          unlocked: !key.info.otpPinRequired || memory[key.id]?.temp !== undefined,
          userRetries: key.info.userRetries,
          adminRetries: key.info.adminRetries,
          clock,
          slots: slots.map((s) => viewOf(s, bindings[`${key.id}/${s.id}`] ?? [])),
        });
      } catch (e) {
        failures.push({ name: key.info.modelName, message: keyMessage(e) });
      }
    }
    return { available: true, keys, failures };
  }

  async code(req: RequestMap['key-code']): Promise<ResponseMap['key-code']> {
    await this.session.require();
    return this.#code(req.keyId, req.slotId);
  }

  async #code(keyId: string, slotId: string): Promise<ResponseMap['key-code']> {
    const key = await this.#find(keyId);
    const driver = this.#driver(key.device, (await this.#memory())[key.id]);
    if ((await this.#syncIfDue(key, driver)) === 'needs-confirmation')
      throw new NitrokeyError(
        'timestamp-warning',
        'The key’s clock is ahead of this computer’s. Confirm setting it in Twofold (Hardware keys) before using its codes.',
      );
    key.slots ??= await driver.listSlots();
    const slot = key.slots.find((s) => s.id === slotId);
    if (!slot) throw new NitrokeyError('slot-not-programmed', 'This slot of the key is empty.');
    try {
      const code = await driver.getCode(slot, Math.floor(this.fx.now() / 1000));
      return { code: code.code, ...(code.secondsLeft !== undefined ? { secondsLeft: code.secondsLeft } : {}) };
    } catch (e) {
      if (e instanceof NitrokeyError && (e.code === 'pin-required' || e.code === 'not-authorized')) {
        // The key was replugged (its temporary password is gone) or never unlocked: ask for the PIN again.
        await this.#remember(key.id, { temp: undefined });
        key.info = { ...key.info, otpPinRequired: true };
        throw new NitrokeyError('pin-required', 'The key wants its user PIN first: unlock it in Twofold.');
      }
      throw e;
    }
  }

  async unlock(req: RequestMap['key-unlock']): Promise<ResponseMap['key-unlock']> {
    await this.session.require();
    const key = await this.#find(req.keyId);
    const temp = await this.#driver(key.device).unlock(req.pin, this.fx.random);
    await this.#remember(key.id, { temp: base64.encode(temp) });
    return { ok: true };
  }

  async setClock(req: RequestMap['key-set-clock']): Promise<ResponseMap['key-set-clock']> {
    await this.session.require();
    const key = await this.#find(req.keyId);
    const now = Math.floor(this.fx.now() / 1000);
    await this.#driver(key.device).syncTime(now, 'force');
    await this.#remember(key.id, { lastSyncSec: now, clock: 'ok' });
    return { ok: true };
  }

  async bind(req: RequestMap['key-bind']): Promise<ResponseMap['key-bind']> {
    await this.session.require();
    const settings = await this.session.settings();
    const keySlotSites = { ...settings.keySlotSites, [`${req.keyId}/${req.slotId}`]: req.sites };
    if (req.sites.length === 0) delete keySlotSites[`${req.keyId}/${req.slotId}`];
    await this.session.saveSettings({ ...settings, keySlotSites });
    return { ok: true };
  }

  /** Copies a vault account into a slot (admin PIN); the slot takes the account's sites. */
  async write(req: RequestMap['key-write']): Promise<ResponseMap['key-write']> {
    const vault = await this.session.require();
    const account = vault.get(req.accountId);
    const otp = account.otp;
    if (otp.kind === 'steam') throw new NitrokeyError('not-supported', 'A Nitrokey cannot make Steam Guard codes.');
    if (otp.kind !== (req.kind === 'hotp' ? 'hotp' : 'totp'))
      throw new NitrokeyError(
        'bad-slot',
        `A ${otp.kind.toUpperCase()} account goes into a ${otp.kind.toUpperCase()} slot.`,
      );
    const key = await this.#find(req.keyId);
    key.slots = undefined;
    await this.#driver(key.device).writeSlot(
      {
        kind: req.kind,
        index: req.index,
        name: (otp.issuer || otp.account || 'Twofold').slice(0, 15),
        secret: otp.secret,
        digits: otp.digits,
        algorithm: otp.algorithm,
        ...(otp.kind === 'totp' ? { periodSec: otp.period } : { counter: otp.counter }),
      },
      req.adminPin,
      this.fx.random,
    );
    if (account.sites.length > 0)
      await this.bind({ keyId: req.keyId, slotId: `${req.kind}-${req.index}`, sites: account.sites });
    return { ok: true, name: displayName(otp.issuer, otp.account) };
  }

  async erase(req: RequestMap['key-erase']): Promise<ResponseMap['key-erase']> {
    await this.session.require();
    const key = await this.#find(req.keyId);
    key.slots = undefined;
    await this.#driver(key.device).eraseSlot(slotRef(req.slotId), req.adminPin, this.fx.random);
    await this.bind({ keyId: req.keyId, slotId: req.slotId, sites: [] });
    return { ok: true };
  }

  /** Slots bound to the frame's site, as offers without a code (the code is read from the key on fill). */
  async offersFor(url: string): Promise<OfferedAccount[]> {
    if (!this.env.available) return [];
    const bindings = (await this.session.settings()).keySlotSites;
    const wanted = Object.entries(bindings).filter(([, sites]) => siteMatches(sites, url));
    if (wanted.length === 0) return [];
    const present = new Map((await this.#keys()).present.map((k) => [k.id, k]));
    return wanted.flatMap(([ref]) => {
      const [keyId = '', slotId = ''] = ref.split('/');
      const key = present.get(keyId);
      if (!key) return [];
      const { kind } = slotRef(slotId);
      return [
        {
          id: `key:${ref}`,
          issuer: `${key.info.modelName} · ${slotId.replace('-', ' slot ')}`,
          account: '',
          kind,
          recoveryCodes: [],
        },
      ];
    });
  }

  /** The code for an offer made by {@link offersFor}, for the frame at `url` (same site rule as accounts). */
  async codeForFill(offerId: string, url: string, confirmMismatch: boolean): Promise<string> {
    const ref = offerId.slice('key:'.length);
    const sites = (await this.session.settings()).keySlotSites[ref] ?? [];
    if (!siteMatches(sites, url) && !confirmMismatch)
      throw new VaultError('not-for-this-site', 'This key slot does not belong to this site.');
    const [keyId = '', slotId = ''] = ref.split('/');
    return (await this.#code(keyId, slotId)).code;
  }
}

function viewOf(s: NitrokeySlot, sites: string[]) {
  return {
    id: s.id,
    kind: s.kind,
    index: s.index,
    name: s.name,
    digits: s.digits,
    ...(s.periodSec !== undefined ? { period: s.periodSec } : {}),
    sites,
  };
}

/** What to tell the user about a key that could not be used (errors carry no PIN or secret). */
export function keyMessage(e: unknown): string {
  if (e instanceof Error && /NotAllowedError|SecurityError|Failed to open/i.test(`${e.name} ${e.message}`))
    return 'The key could not be opened. On Linux, install the udev rule from Twofold’s docs (hardware keys), then replug the key.';
  return e instanceof Error ? e.message : String(e);
}
