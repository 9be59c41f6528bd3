import { base64 } from '@scure/base';
import { accountName } from '../../lib/enrol/review';
import { NitrokeyError } from '../../lib/hid/errors';
import { NitrokeyDriver, type NitrokeyInfo, type NitrokeySlot, needsResync } from '../../lib/hid/nitrokey';
import { type KeySlotBinding, slotLabel, truncateUtf8 } from '../../lib/hid/slot-label';
import { parseSlotId } from '../../lib/hid/slots';
import { text } from '../../lib/hid/text';
import { localize, messageOf, say } from '../../lib/i18n/translate';
import { scopeOf } from '../../lib/match/scope';
import type { RequestMap, ResponseMap } from '../../lib/messaging/protocol';
import { VaultError } from '../../lib/vault/errors';
import type { VaultSession } from '../../lib/vault/session';
import type { Effects } from '../../lib/vault/slots';
import type { SessionStore } from '../../platform/session-storage';
import { type HidDeviceLike, transportFor } from '../../platform/webhid';

/** Per key, in storage.session: the temporary user password (a bearer token until replug) and the clock state. */
type KeyMemory = Record<string, { temp?: string; lastSyncSec?: number; clock?: 'ok' | 'needs-confirmation' }>;
const MEMORY_KEY = 'hid-keys';
/** The key's clock runs about 1 % slow (docs/hardware-protocol.md "Clock"): 101 ticks of 10 ms per second. */
const KEY_SECONDS_PER_SECOND = 100 / 101;

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
  /** One driver per plugged-in key: its firmware check is done once, and it holds the unlock. */
  driver: NitrokeyDriver;
  /** The slot table as last read (18 READ_SLOTs, ~0.75 s on a real key): codes use it instead of reading it again. */
  slots?: NitrokeySlot[];
}

/**
 * Hardware keys (docs/hardware-keys.md) in the background: every device I/O happens here. Operations run one at a
 * time (`#serial`), not just commands: an operation reads its session state, talks to the key and
 * writes the state back, and two of them interleaving could lose an unlock or set the clock twice.
 * Pages pair keys and ask; content scripts only see slots bound to their own site, and get a code on
 * fill, never for another site.
 */
/** A key slot offered to a page frame's menu: names only; its code is read from the key when filled. */
export interface KeySlotOffer {
  /** `key:<keyId>/<slotId>` */
  id: string;
  issuer: string;
  account: string;
  kind: 'totp' | 'hotp';
  source: 'key';
}

export class HardwareKeys {
  #present = new Map<HidDeviceLike, Present>();
  #queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly session: VaultSession,
    private readonly store: SessionStore,
    private readonly env: KeyEnvironment,
    private readonly fx: Effects,
  ) {}

  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task, task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  /**
   * A key was plugged or unplugged. A key that was unplugged lost its RAM: its temporary PIN password
   * and its clock (docs/hardware-protocol.md "Clock"). WebHID does not say which key (by serial) it was, so every key's
   * session state is forgotten: at worst another key asks for its PIN again.
   */
  changed(): Promise<void> {
    return this.#serial(async () => {
      this.#present.clear();
      await this.store.remove(MEMORY_KEY);
    });
  }

  /** A key was paired in the keys page: read identities again (its state is kept). */
  paired(): Promise<void> {
    return this.#serial(async () => {
      this.#present.clear();
    });
  }

  async #memory(): Promise<KeyMemory> {
    return (await this.store.get<KeyMemory>(MEMORY_KEY)) ?? {};
  }

  async #remember(id: string, patch: KeyMemory[string]): Promise<void> {
    const all = await this.#memory();
    all[id] = { ...all[id], ...patch };
    await this.store.set(MEMORY_KEY, all);
  }

  async #bindings(): Promise<Record<string, KeySlotBinding>> {
    return this.session.keySlotSites();
  }

  /** The paired keys that are plugged in, each identified once by model and card serial. */
  async #keys(): Promise<{ present: Present[]; failures: { name: string; message: string }[] }> {
    const failures: { name: string; message: string }[] = [];
    const present: Present[] = [];
    const memory = await this.#memory();
    for (const device of await this.env.devices()) {
      const known = this.#present.get(device);
      if (known) {
        present.push(known);
        continue;
      }
      try {
        const probe = new NitrokeyDriver(transportFor(device), { now: this.env.monotonic, sleep: this.env.sleep });
        const info = await probe.info();
        const id = `${info.model}-${info.serial}`;
        const m = memory[id];
        const driver = new NitrokeyDriver(
          transportFor(device),
          { now: this.env.monotonic, sleep: this.env.sleep },
          {
            ...(m?.temp ? { tempUserPassword: base64.decode(m.temp) } : {}),
            ...(m?.lastSyncSec !== undefined ? { lastSyncSec: m.lastSyncSec } : {}),
          },
        );
        const entry = { id, device, info, driver };
        this.#present.set(device, entry);
        present.push(entry);
      } catch (e) {
        failures.push({ name: device.productName || localize(text('keys_hardware_key')), message: keyMessage(e) });
      }
    }
    return { present, failures };
  }

  async #find(keyId: string): Promise<Present> {
    const key = (await this.#keys()).present.find((k) => k.id === keyId);
    if (!key) throw new NitrokeyError('disconnected', text('keys_not_plugged_in'));
    return key;
  }

  /** Sets the key's clock when it was never set this session or the last time is > 10 minutes ago (docs/hardware-protocol.md "Clock"). */
  async #syncIfDue(key: Present): Promise<'ok' | 'needs-confirmation'> {
    const memory = (await this.#memory())[key.id];
    const now = Math.floor(this.fx.now() / 1000);
    if (memory?.clock === 'needs-confirmation') return 'needs-confirmation';
    if (!needsResync(memory?.lastSyncSec, now)) return 'ok';
    const result = await key.driver.syncTime(now, 'soft');
    await this.#remember(key.id, result === 'ok' ? { lastSyncSec: now, clock: 'ok' } : { clock: 'needs-confirmation' });
    return result;
  }

  /** What the key's own clock says now, estimated from the last set and its 1 % slow tick (docs/hardware-protocol.md "Clock"). */
  async #keyTime(key: Present): Promise<number> {
    const now = this.fx.now() / 1000;
    const last = (await this.#memory())[key.id]?.lastSyncSec;
    return last === undefined ? now : last + (now - last) * KEY_SECONDS_PER_SECOND;
  }

  list(): Promise<ResponseMap['keys-list']> {
    return this.#serial(async () => {
      await this.session.require();
      if (!this.env.available) return { available: false, keys: [], failures: [] };
      const { present, failures } = await this.#keys();
      const bindings = await this.#bindings();
      const keys = [];
      for (const key of present) {
        try {
          // Read again: retry counters and PIN protection change (a wrong PIN, the Nitrokey App).
          key.info = await key.driver.info();
          key.slots = await key.driver.listSlots();
          // Only TOTP needs the clock; a key with HOTP slots alone is never set (flash wear).
          const clock = key.slots.some((s) => s.kind === 'totp') ? await this.#syncIfDue(key) : 'ok';
          const memory = (await this.#memory())[key.id];
          keys.push({
            id: key.id,
            name: key.info.modelName,
            firmware: key.info.fw,
            serial: key.info.serial,
            pinRequired: key.info.otpPinRequired,
            unlocked: !key.info.otpPinRequired || memory?.temp !== undefined,
            userRetries: key.info.userRetries,
            adminRetries: key.info.adminRetries,
            clock,
            slots: key.slots.map((s) => viewOf(s, boundSites(bindings[`${key.id}/${s.id}`], s))),
          });
        } catch (e) {
          failures.push({ name: key.info.modelName, message: keyMessage(e) });
        }
      }
      return { available: true, keys, failures };
    });
  }

  code(req: RequestMap['key-code']): Promise<ResponseMap['key-code']> {
    return this.#serial(async () => {
      await this.session.require();
      return this.#code(req.keyId, req.slotId);
    });
  }

  async #code(keyId: string, slotId: string): Promise<ResponseMap['key-code']> {
    parseSlotId(slotId);
    const key = await this.#find(keyId);
    key.slots ??= await key.driver.listSlots();
    const slot = key.slots.find((s) => s.id === slotId);
    if (!slot) throw new NitrokeyError('slot-not-programmed', text('keys_slot_empty'));
    if (slot.kind === 'totp' && (await this.#syncIfDue(key)) === 'needs-confirmation')
      throw new NitrokeyError('timestamp-warning', text('keys_clock_confirm_first'));
    if (slot.kind === 'totp' && slot.periodSec) {
      // Within 2 s of the key's step boundary, wait for the next step (docs/hardware-protocol.md "Clock"): a code read now would
      // expire before it is typed or even shown.
      const left = slot.periodSec - ((await this.#keyTime(key)) % slot.periodSec);
      if (left < 2) await this.env.sleep(left * 1000 * (1 / KEY_SECONDS_PER_SECOND) + 200);
    }
    try {
      // Validity by the key's own (slow) clock: the code it makes is for its own time step.
      const code = await key.driver.getCode(slot, slot.kind === 'totp' ? await this.#keyTime(key) : undefined);
      return {
        code: code.code,
        ...(code.secondsLeft !== undefined ? { secondsLeft: Math.floor(code.secondsLeft) } : {}),
      };
    } catch (e) {
      if (e instanceof NitrokeyError && (e.code === 'pin-required' || e.code === 'not-authorized')) {
        // Replugged (its temporary password is gone) or never unlocked: ask for the PIN again.
        key.driver.forgetUnlock();
        await this.#remember(key.id, { temp: undefined });
        key.info = { ...key.info, otpPinRequired: true };
        throw new NitrokeyError('pin-required', text('keys_unlock_first'));
      }
      throw e;
    }
  }

  unlock(req: RequestMap['key-unlock']): Promise<ResponseMap['key-unlock']> {
    return this.#serial(async () => {
      await this.session.require();
      const key = await this.#find(req.keyId);
      const temp = await key.driver.unlock(req.pin, this.fx.random);
      await this.#remember(key.id, { temp: base64.encode(temp) });
      return { ok: true };
    });
  }

  setClock(req: RequestMap['key-set-clock']): Promise<ResponseMap['key-set-clock']> {
    return this.#serial(async () => {
      await this.session.require();
      const key = await this.#find(req.keyId);
      const now = Math.floor(this.fx.now() / 1000);
      await key.driver.syncTime(now, 'force');
      await this.#remember(key.id, { lastSyncSec: now, clock: 'ok' });
      return { ok: true };
    });
  }

  bind(req: RequestMap['key-bind']): Promise<ResponseMap['key-bind']> {
    return this.#serial(async () => {
      await this.session.require();
      const key = await this.#find(req.keyId);
      key.slots ??= await key.driver.listSlots();
      const slot = key.slots.find((s) => s.id === req.slotId);
      if (!slot) throw new NitrokeyError('slot-not-programmed', text('keys_slot_empty'));
      await this.#bind(`${req.keyId}/${req.slotId}`, { name: slot.name, sites: req.sites });
      return { ok: true };
    });
  }

  async #bind(ref: string, binding: KeySlotBinding | undefined): Promise<void> {
    await this.session.bindKeySlot(ref, binding);
  }

  /**
   * Copies a TOTP account into a slot (admin PIN); the slot takes the account's sites. HOTP accounts
   * are refused: the key and the vault would both hand out the same codes from the same counter.
   */
  write(req: RequestMap['key-write']): Promise<ResponseMap['key-write']> {
    return this.#serial(async () => {
      const vault = await this.session.require();
      const account = vault.get(req.accountId);
      const otp = account.otp;
      if (otp.kind === 'steam') throw new NitrokeyError('not-supported', text('keys_no_steam'));
      if (otp.kind === 'hotp' || req.kind === 'hotp')
        throw new NitrokeyError('not-supported', text('keys_no_hotp_copy'));
      const key = await this.#find(req.keyId);
      key.slots = undefined;
      const name = truncateUtf8(otp.issuer || otp.account || 'Twofold', 15);
      await key.driver.writeSlot(
        {
          kind: 'totp',
          index: req.index,
          name,
          secret: otp.secret,
          digits: otp.digits,
          algorithm: otp.algorithm,
          periodSec: otp.period,
        },
        req.adminPin,
        this.fx.random,
      );
      // The slot now holds this account: its old sites (if any) no longer apply.
      await this.#bind(`${req.keyId}/totp-${req.index}`, { name, sites: account.sites });
      return { ok: true, name: say(accountName(otp.issuer, otp.account)) };
    });
  }

  erase(req: RequestMap['key-erase']): Promise<ResponseMap['key-erase']> {
    return this.#serial(async () => {
      await this.session.require();
      const key = await this.#find(req.keyId);
      key.slots = undefined;
      await key.driver.eraseSlot(parseSlotId(req.slotId), req.adminPin, this.fx.random);
      await this.#bind(`${req.keyId}/${req.slotId}`, undefined);
      return { ok: true };
    });
  }

  /**
   * Slots bound to the frame's exact site, as offers without a code (the code is read from the key on fill). Exact
   * hosts only, never 'related': a slot has no "related" marking in the menu and the shortcut may
   * pick one by itself, so a sibling host must not get it.
   */
  offersFor(url: string): Promise<KeySlotOffer[]> {
    if (!this.env.available) return Promise.resolve([]);
    return this.#serial(async () => {
      const wanted = Object.entries(await this.#bindings()).filter(([, b]) => scopeOf(b, url) === 'exact');
      if (wanted.length === 0) return [];
      const present = new Map((await this.#keys()).present.map((k) => [k.id, k]));
      return wanted.flatMap(([ref, binding]) => {
        const [keyId = '', slotId = ''] = ref.split('/');
        const key = present.get(keyId);
        if (!key) return [];
        const slot = key.slots?.find((s) => s.id === slotId);
        // Reprogrammed elsewhere (the Nitrokey App): the binding was for another account.
        if (key.slots && (!slot || slot.name !== binding.name)) return [];
        const { kind, index } = parseSlotId(slotId);
        return [
          {
            id: `key:${ref}`,
            issuer: binding.name,
            account: `${key.info.modelName} · ${localize(slotLabel(kind, index))}`,
            kind,
            source: 'key' as const,
          },
        ];
      });
    });
  }

  /**
   * The code for an offer made by {@link offersFor}. Only for a slot bound to the frame's own exact site,
   * always: there is no "use another account" step for key slots, so a page cannot claim the user
   * confirmed one. Checked before any device I/O.
   */
  codeForFill(offerId: string, url: string): Promise<string> {
    return this.#serial(async () => {
      const ref = offerId.slice('key:'.length);
      const [keyId = '', slotId = ''] = ref.split('/');
      parseSlotId(slotId);
      const binding = (await this.#bindings())[ref];
      if (!binding || scopeOf(binding, url) !== 'exact')
        throw new VaultError('not-for-this-site', text('keys_slot_not_for_site'));
      const key = await this.#find(keyId);
      key.slots ??= await key.driver.listSlots();
      if (key.slots.find((s) => s.id === slotId)?.name !== binding.name)
        throw new VaultError('not-for-this-site', text('keys_slot_reprogrammed'));
      return (await this.#code(keyId, slotId)).code;
    });
  }
}

/** A binding counts only while the slot still holds what was bound (same name). */
function boundSites(binding: KeySlotBinding | undefined, slot: NitrokeySlot): string[] {
  return binding && binding.name === slot.name ? binding.sites : [];
}

function viewOf(s: NitrokeySlot, sites: string[]) {
  return {
    id: s.id,
    kind: s.kind,
    index: s.index,
    label: localize(slotLabel(s.kind, s.index)),
    name: s.name,
    digits: s.digits,
    ...(s.periodSec !== undefined ? { period: s.periodSec } : {}),
    sites,
  };
}

/**
 * What to tell the user about a key that could not be used (errors carry no PIN or secret), in the browser's
 * language: the keys-list reply carries it as a plain string.
 */
export function keyMessage(e: unknown): string {
  if (e instanceof Error && /NotAllowedError|SecurityError|Failed to open/i.test(`${e.name} ${e.message}`))
    return localize(text('keys_cannot_open_udev'));
  return messageOf(e);
}
