import en from '../../locales/en/core.json';
import kdfEn from '../../locales/en/kdf.json';
import type { KeySlotBinding } from '../hid/slot-label';
import { textsOf } from '../i18n/text';
import type { SyncVaultPort } from '../sync/vault-port';
import { VaultError } from './errors';
import { checkHeader } from './header';
import { type PrfSlotInput, readPrfSlots } from './prf-slot';
import { confirmPassword, reauthAttempt } from './reauth';
import { SESSION_KEY } from './session-key';
import {
  type BackupState,
  DEFAULT_PREFERENCES,
  DEFAULT_SETTINGS,
  type KeySlotSites,
  type ListView,
  type Preferences,
  preferencesOf,
  type SettingsRecord,
  type SiteOverrides,
} from './settings';
import type { ListViewPatch, SettingsPatch, SiteOverrideChange } from './settings-patch';
import { DEFAULT_ARGON2ID, type Effects } from './slots';
import type { VaultStore } from './store';
import { type AttemptPolicy, throttledAttempt } from './throttle';
import {
  createVault,
  type KdfCost,
  type KeySlotListing,
  openWithKey,
  type UnlockedVault,
  unlockVault,
  unlockVaultWithPrf,
  vaultExists,
} from './vault';

/** Memory-only storage that outlives a service worker but not the browser (port of storage.session). */
export interface SessionPort {
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown): Promise<void>;
  remove(key: string): Promise<void>;
}

const text = textsOf(en);
const kdfText = textsOf(kdfEn);

/**
 * Unlock's attempt policy (docs/vault-format.md "Unlock attempts"): five wrong passwords free (typos, a caps-lock key),
 * then waits doubling from 1 s to 5 min; counted in session storage apart from the export confirmation's.
 */
export const UNLOCK_ATTEMPTS: AttemptPolicy = {
  key: 'unlockFailures',
  freeAttempts: 5,
  maxWaitMs: 5 * 60_000,
  throttledText: (seconds) => kdfText('kdf_unlock_throttled', seconds),
};
const KEY = SESSION_KEY;
const ACTIVITY = 'lastActivity';

/**
 * The vault's lifecycle in the background (docs/vault-format.md "The unlocked state"): at most one
 * unlocked vault; its key mirrored in session storage so a worker restart reopens it silently;
 * auto-lock after the chosen idle time, checked by an alarm and every time anything asks for the
 * vault ({@link current}), so no request from any context and no restarted worker ever gets a vault
 * past its deadline (docs/architecture.md "Attacks and their defences", 9).
 */
export class VaultSession {
  #vault: UnlockedVault | undefined;
  #opening: Promise<UnlockedVault | undefined> | undefined;
  /**
   * Unlock, create and reopen run one at a time: each may upgrade a format 1 vault, and two upgrades at
   * once would each write a vault id of their own, the later one over changes made through the earlier
   * (docs/vault-format.md "Migrations").
   */
  #gate: Promise<unknown> = Promise.resolve();
  readonly #onLock: (() => Promise<void>)[] = [];
  readonly #onUnlock = new Set<() => void>();
  readonly #onLocalChange = new Set<() => void>();
  /** Stops forwarding the open vault's local changes (set while a vault is held). */
  #unfollow: (() => void) | undefined;

  constructor(
    private readonly store: VaultStore,
    private readonly session: SessionPort,
    private readonly fx: Effects,
    private readonly cost?: KdfCost,
  ) {}

  async state(): Promise<'none' | 'locked' | 'unlocked'> {
    if (await this.current()) return 'unlocked';
    return (await vaultExists(this.store)) ? 'locked' : 'none';
  }

  /**
   * The unlocked vault, reopened from the session key after a worker restart, or undefined; locked
   * first when it has been idle past the chosen time. The deadline is checked here, not only by the
   * alarm: an alarm fires up to a minute late (and a restarted worker that recreates it pushes it
   * further), and requests from pages never pass through the popup's checks.
   */
  async current(): Promise<UnlockedVault | undefined> {
    if (await this.lockIfIdle()) return undefined;
    return this.#open();
  }

  /** The vault held in memory or reopened from the session key, without the idle check. */
  async #open(): Promise<UnlockedVault | undefined> {
    if (this.#vault) return this.#vault;
    this.#opening ??= this.#reopen().finally(() => {
      this.#opening = undefined;
    });
    return this.#opening;
  }

  #exclusive<T>(fn: () => Promise<T>): Promise<T> {
    const next = this.#gate.then(fn, fn);
    this.#gate = next.catch(() => {});
    return next;
  }

  #reopen(): Promise<UnlockedVault | undefined> {
    return this.#exclusive(async () => {
      if (this.#vault) return this.#vault;
      const stored = await this.session.get<number[]>(KEY);
      if (!stored) return undefined;
      this.#hold(await openWithKey(this.store, new Uint8Array(stored), this.fx));
      return this.#vault;
    });
  }

  /** The unlocked vault, or a 'locked' error the popup turns into the unlock screen. */
  async require(): Promise<UnlockedVault> {
    const vault = await this.current();
    if (!vault) throw new VaultError('locked', text('core_vault_locked'));
    return vault;
  }

  /**
   * The master password typed again for an export, or before a passkey or security key is created
   * (`vault-confirm-password`; lib/vault/reauth.ts): the same slot check as unlock, throttled, on an unlocked vault
   * only, and it changes nothing in the session; a wrong one throws 'wrong-password'.
   */
  async confirmPassword(password: string): Promise<void> {
    await this.require();
    await confirmPassword(this.store, this.session, this.fx.now(), password);
  }

  /**
   * Changes the master password (docs/vault-format.md "Operations"). The current one is checked under the export
   * confirmation's throttle (lib/vault/reauth.ts): whoever sits at an unlocked browser must not be able to try
   * passwords here as fast as the KDF runs, when unlock and the confirmation make them wait.
   */
  async changePassword(current: string, next: string): Promise<void> {
    const vault = await this.require();
    await reauthAttempt(this.session, this.fx.now(), () =>
      vault.changePassword(current, next, this.cost ?? DEFAULT_ARGON2ID),
    );
  }

  create(password: string): Promise<void> {
    return this.#exclusive(async () => {
      await this.#remember(await createVault(this.store, password, this.fx, this.cost));
    });
  }

  /**
   * Unlocks with the password. Wrong passwords are throttled (docs/vault-format.md "Unlock attempts"): a few are free,
   * then each attempt waits longer, refused with VaultError('throttled') before any KDF runs; never a lockout. A slot
   * below this session's KDF cost is re-wrapped under it (docs/vault-format.md "Re-wrap at unlock").
   */
  unlock(password: string): Promise<void> {
    return this.#exclusive(async () => {
      if (!(await vaultExists(this.store))) throw new VaultError('no-vault', text('core_vault_none'));
      const vault = await throttledAttempt(
        this.session,
        UNLOCK_ATTEMPTS,
        () => this.fx.now(),
        // Re-wrapped only when this unlock opens the vault: an already open one would keep a header without the new slot.
        () => unlockVault(this.store, password, this.fx, this.#vault ? undefined : (this.cost ?? DEFAULT_ARGON2ID)),
      );
      if (this.#vault) {
        // Already unlocked (a second popup): the password was right, and the vault in use stays the one
        // whose queue and index every change goes through; a second copy would write over its changes.
        vault.lock();
        await this.touch();
        return;
      }
      await this.#remember(vault);
    });
  }

  /**
   * Unlocks with a passkey or security key (docs/vault-format.md "PRF key slot"): the same one-at-a-time path as
   * {@link unlock}; an unknown credential or an output that does not open its slot is VaultError('wrong-key').
   */
  unlockWithPrf(credentialId: Uint8Array, prfOutput: Uint8Array): Promise<void> {
    return this.#exclusive(async () => {
      if (!(await vaultExists(this.store))) throw new VaultError('no-vault', text('core_vault_none'));
      const vault = await unlockVaultWithPrf(this.store, credentialId, prfOutput, this.fx);
      if (this.#vault) {
        // Already unlocked: as in unlock(), the vault in use stays the only writer.
        vault.lock();
        await this.touch();
        return;
      }
      await this.#remember(vault);
    });
  }

  /**
   * The credentials the unlock screen offers to WebAuthn, from the clear header (no unlock needed): each
   * well-formed PRF slot's id, credential id, PRF input and label. None without a vault or with a header this
   * version cannot read (the password unlock then says why).
   */
  async prfCredentials(): Promise<{ slotId: string; credentialId: Uint8Array; prfSalt: Uint8Array; label: string }[]> {
    const raw = await this.store.readHeader();
    if (raw === undefined) return [];
    let header: ReturnType<typeof checkHeader>;
    try {
      header = checkHeader(raw);
    } catch (e) {
      if (e instanceof VaultError) return [];
      throw e;
    }
    return readPrfSlots(header).slots.map((s) => ({
      slotId: s.id,
      credentialId: s.credentialId,
      prfSalt: s.prfSalt,
      label: s.label,
    }));
  }

  /** The unlocked vault's key slots, without anything secret. */
  async keySlots(): Promise<KeySlotListing[]> {
    return (await this.require()).keySlots();
  }

  /**
   * Adds a passkey or security key slot. The master password is confirmed first, throttled like an export's
   * confirmation (lib/vault/reauth.ts): whoever sits at an unlocked browser cannot add a key of their own.
   */
  async addPrfSlot(password: string, input: PrfSlotInput): Promise<string> {
    const vault = await this.require();
    await confirmPassword(this.store, this.session, this.fx.now(), password);
    return vault.addPrfSlot(input);
  }

  /** Removes a passkey or security-key slot; the password slot is refused ('password-slot-required'). */
  async removeSlot(id: string): Promise<void> {
    await (await this.require()).removeSlot(id);
  }

  async #remember(vault: UnlockedVault): Promise<void> {
    // Use is recorded before the vault is visible: a request racing the unlock must not find an
    // open vault with an old activity time and lock it again.
    await this.touch();
    this.#hold(vault);
    // JSON-safe form: storage.session serialises values in Firefox.
    await this.session.set(KEY, Array.from(vault.key));
  }

  /** The vault becomes the open one: its local changes are forwarded, and the unlock listeners hear of it. */
  #hold(vault: UnlockedVault): void {
    this.#vault = vault;
    this.#unfollow?.();
    this.#unfollow = vault.onLocalChange(() => {
      for (const listener of [...this.#onLocalChange]) listener();
    });
    for (const listener of [...this.#onUnlock]) {
      try {
        listener();
      } catch {
        // The listener's own failure (the sync service schedules a round); the vault is open either way.
      }
    }
  }

  /**
   * The open vault as the sync service writes it (lib/sync/vault-port.ts), without the idle check or a reopen: the
   * session's 'locked' error when no vault is held in memory. {@link openSyncVault} also reopens after a worker restart.
   */
  syncVault(): SyncVaultPort {
    if (!this.#vault) throw new VaultError('locked', text('core_vault_locked'));
    return this.#vault;
  }

  /**
   * The open vault for a sync round, through {@link current}: past its idle deadline it locks (a round is not use and
   * never keeps the vault open), and after a worker restart it is reopened from the session key; 'locked' otherwise.
   */
  async openSyncVault(): Promise<UnlockedVault> {
    return this.require();
  }

  /**
   * Runs `listener` whenever a vault becomes open in this session: an unlock (password or passkey), the first vault
   * created, or a reopen from the session key after a worker restart. Returns a function that stops listening.
   */
  onUnlock(listener: () => void): () => void {
    this.#onUnlock.add(listener);
    return () => this.#onUnlock.delete(listener);
  }

  /**
   * Runs `listener` after every committed local change that stamped the replica record of the open vault
   * (`UnlockedVault.onLocalChange`, whichever vault is open): the sync service debounces a round on it.
   */
  onLocalChange(listener: () => void): () => void {
    this.#onLocalChange.add(listener);
    return () => this.#onLocalChange.delete(listener);
  }

  async lock(): Promise<void> {
    this.#vault?.lock();
    this.#vault = undefined;
    this.#unfollow?.();
    this.#unfollow = undefined;
    await this.session.remove(KEY);
    // What others keep only while the vault is open (a page's recovery codes,
    // docs/architecture.md "Attacks and their defences", 14) goes with it.
    for (const listener of this.#onLock) await listener().catch(() => {});
  }

  /** Runs `listener` after every lock (by hand or idle). Returns a function that stops listening. */
  onLock(listener: () => Promise<void>): () => void {
    this.#onLock.push(listener);
    return () => {
      const at = this.#onLock.indexOf(listener);
      if (at >= 0) this.#onLock.splice(at, 1);
    };
  }

  /**
   * Records use, postponing auto-lock. Only for what the person does in Twofold's own pages: a
   * request from a web page is never use (a page could otherwise keep the vault open forever).
   */
  async touch(): Promise<void> {
    await this.session.set(ACTIVITY, this.fx.now());
  }

  /** Locks if the vault has been idle longer than the chosen time; returns whether it locked. */
  async lockIfIdle(): Promise<boolean> {
    if (!this.#vault && !(await this.session.get(KEY))) return false;
    const last = (await this.session.get<number>(ACTIVITY)) ?? 0;
    // The chosen time is an encrypted setting: read through the key this check holds (not settings(),
    // which asks current(), which asks this check).
    const vault = await this.#open();
    const { autoLockMinutes } = vault ? vault.settings() : DEFAULT_PREFERENCES;
    if (this.fx.now() - last < autoLockMinutes * 60_000) return false;
    await this.lock();
    return true;
  }

  /**
   * The settings record lives encrypted in the vault (docs/vault-format.md "Settings"): while locked nothing needs
   * it, and the defaults are answered; the idle check reads it through the session key it holds.
   */
  async #settings(): Promise<SettingsRecord> {
    const vault = await this.current();
    return vault ? vault.settings() : structuredClone(DEFAULT_SETTINGS);
  }

  /** The person's preferences (the settings form's part of the record). */
  async preferences(): Promise<Preferences> {
    return preferencesOf(await this.#settings());
  }

  /** The backup service's part: when the last backup was written. */
  async backupState(): Promise<BackupState> {
    const s = await this.#settings();
    return { lastBackupAt: s.lastBackupAt, backupNoticeHiddenUntil: s.backupNoticeHiddenUntil };
  }

  /** The hardware-key service's part: the sites of each key slot (none while locked). */
  async keySlotSites(): Promise<KeySlotSites> {
    return (await this.#settings()).keySlotSites;
  }

  // The writers below: one per part of the record, each with one caller (tests/unit/vault/settings-owners.test.ts
  // holds them to it). Each is a patch applied inside the vault's queue to the record as it is then; refused while
  // locked or with a value out of range.

  /** The settings form saves the preferences it names; the background's parts stay as they are. */
  async savePreferences(preferences: Partial<Preferences>): Promise<Preferences> {
    return preferencesOf(await this.#patch({ preferences }));
  }

  /** The backup service: a backup of this time (Unix ms) was saved or restored; the time only moves forward. */
  async recordBackup(at: number): Promise<void> {
    await this.#patch({ backupAt: at });
  }

  /** The hardware-key service binds a slot ("<key id>/<slot id>") to sites, or unbinds it (undefined or no sites). */
  async bindKeySlot(slot: string, binding: KeySlotBinding | undefined): Promise<void> {
    await this.#patch({ keySlot: slot, binding });
  }

  /** The site-override service's part: never-offer sites and marked fields (empty while locked). */
  async siteOverrides(): Promise<SiteOverrides> {
    return (await this.#settings()).siteOverrides;
  }

  /** The site-override service changes one never-offer site or one marked field. */
  async changeSiteOverride(change: SiteOverrideChange): Promise<void> {
    await this.#patch({ siteOverride: change });
  }

  /** The popup's list: how it is shown (the defaults while locked). */
  async listView(): Promise<ListView> {
    return (await this.#settings()).listView;
  }

  /** The popup's list stores its sort, its collapsed groups or its filter (each only when given). */
  async setListView(listView: ListViewPatch): Promise<void> {
    await this.#patch({ listView });
  }

  /** The backup service: the popup's backup notice was dismissed until `until` (Unix ms). */
  async hideBackupNotice(until: number): Promise<void> {
    await this.#patch({ backupNoticeHiddenUntil: until });
  }

  async #patch(patch: SettingsPatch): Promise<SettingsRecord> {
    return (await this.require()).patchSettings(patch);
  }
}
