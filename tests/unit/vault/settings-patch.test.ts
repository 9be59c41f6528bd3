import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CLIPBOARD_CLEAR_CHOICES,
  checkSettingsToWrite,
  DEFAULT_SETTINGS,
  type Preferences,
} from '../../../lib/vault/settings';
import { applySettingsPatch, type SettingsPatch } from '../../../lib/vault/settings-patch';
import { createVault, openWithKey } from '../../../lib/vault/vault';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { CHEAP, fx } from './fixtures';

describe('settings patches', () => {
  it('a preferences patch changes only the preferences it names, whatever else rides along', () => {
    const current = {
      ...DEFAULT_SETTINGS,
      lastBackupAt: 7,
      keySlotSites: { 'k/totp-0': { name: 'A', sites: ['a.example'] } },
    };
    // A loosely typed caller smuggling the background's parts in: they must not land.
    const smuggled = { fillMode: 'auto-single', lastBackupAt: 0, keySlotSites: {} } as Partial<Preferences>;
    const next = applySettingsPatch(current, { preferences: smuggled });
    expect(next).toEqual({ ...current, fillMode: 'auto-single' });
    expect(current.fillMode).toBe('click');
  });

  it('the backup time only moves forward', () => {
    const at10 = applySettingsPatch(DEFAULT_SETTINGS, { backupAt: 10 });
    expect(at10.lastBackupAt).toBe(10);
    expect(applySettingsPatch(at10, { backupAt: 3 }).lastBackupAt).toBe(10);
  });

  it('a list-view patch sets, keeps and clears the group filter; a filter that is no group name is refused', () => {
    const work = applySettingsPatch(DEFAULT_SETTINGS, { listView: { filter: { group: 'Work' } } });
    expect(work.listView).toEqual({ sort: 'custom', collapsed: [], filter: 'Work' });
    // Another part of the view changing leaves the filter as it was.
    const sorted = applySettingsPatch(work, { listView: { sort: 'name' } });
    expect(sorted.listView).toEqual({ sort: 'name', collapsed: [], filter: 'Work' });
    const none = applySettingsPatch(sorted, { listView: { filter: { group: '' } } });
    expect(none.listView.filter).toBe('');
    expect(checkSettingsToWrite(none).listView.filter).toBe('');
    // An empty filter: all groups, stored as no filter at all.
    const all = applySettingsPatch(none, { listView: { filter: {} } });
    expect(all.listView).toEqual({ sort: 'name', collapsed: [] });
    expect('filter' in all.listView).toBe(false);

    for (const group of [' Work', 'a\u0007b', 'x'.repeat(101)]) {
      const bad = applySettingsPatch(DEFAULT_SETTINGS, { listView: { filter: { group } } });
      expect(() => checkSettingsToWrite(bad)).toThrow();
    }
    expect(checkSettingsToWrite(work).listView.filter).toBe('Work');
  });

  it('a key-slot patch binds, rebinds and unbinds one slot and leaves the others', () => {
    const one = applySettingsPatch(DEFAULT_SETTINGS, {
      keySlot: 'k/totp-0',
      binding: { name: 'A', sites: ['a.example'] },
    });
    const two = applySettingsPatch(one, { keySlot: 'k/hotp-1', binding: { name: 'B', sites: ['b.example'] } });
    expect(Object.keys(two.keySlotSites).sort()).toEqual(['k/hotp-1', 'k/totp-0']);
    expect(applySettingsPatch(two, { keySlot: 'k/totp-0', binding: { name: 'A', sites: [] } }).keySlotSites).toEqual({
      'k/hotp-1': { name: 'B', sites: ['b.example'] },
    });
    expect(applySettingsPatch(two, { keySlot: 'k/hotp-1', binding: undefined }).keySlotSites).toEqual(one.keySlotSites);
  });
});

const preferences = fc.record(
  {
    autoLockMinutes: fc.integer({ min: 1, max: 1440 }),
    fillMode: fc.constantFrom('click' as const, 'auto-single' as const),
    submitAfterFill: fc.boolean(),
    clipboardClearSeconds: fc.constantFrom(...CLIPBOARD_CLEAR_CHOICES),
    backupReminder: fc.boolean(),
  },
  { requiredKeys: [] },
);
const patch: fc.Arbitrary<SettingsPatch> = fc.oneof(
  preferences.map((p) => ({ preferences: p })),
  fc.integer({ min: 0, max: 1e13 }).map((backupAt) => ({ backupAt })),
  fc
    .record({
      slot: fc.constantFrom('k1/totp-0', 'k1/hotp-0', 'k2/totp-3'),
      sites: fc.array(fc.constantFrom('a.example', 'b.example', 'c.example'), { maxLength: 2 }),
    })
    .map(({ slot, sites }) => ({ keySlot: slot, binding: { name: slot.toUpperCase(), sites } })),
  fc
    .record({ site: fc.constantFrom('a.example', 'b.example'), never: fc.boolean() })
    .map((siteOverride) => ({ siteOverride })),
);

describe('concurrent settings patches (property)', () => {
  it('patches sent all at once each land: every owner finds its last change, stored and read back', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(patch, { minLength: 1, maxLength: 8 }), async (patches) => {
        const store = await openIdbVaultStore(`patches-${randomUUID()}`);
        const vault = await createVault(store, 'pw', fx, CHEAP);
        // Nobody awaits before the next is sent: the vault's queue is all that orders them.
        await Promise.all(patches.map((p) => vault.patchSettings(p)));

        // What each owner last asked for, worked out from the patches alone.
        const expected = structuredClone(DEFAULT_SETTINGS) as unknown as Record<string, unknown>;
        const sites: Record<string, unknown> = {};
        let never: string[] = [];
        for (const p of patches) {
          if ('siteOverride' in p) {
            const c = p.siteOverride as { site: string; never: boolean };
            never = [...never.filter((s) => s !== c.site), ...(c.never ? [c.site] : [])];
          } else if ('preferences' in p) Object.assign(expected, p.preferences);
          else if ('backupAt' in p) expected.lastBackupAt = Math.max(expected.lastBackupAt as number, p.backupAt);
          else if (!('keySlot' in p)) throw new Error('a patch this test does not make');
          else if (p.binding && p.binding.sites.length > 0) sites[p.keySlot] = p.binding;
          else delete sites[p.keySlot];
        }
        expected.keySlotSites = sites;
        expected.siteOverrides = { never, fields: {} };
        expect(vault.settings()).toEqual(expected);
        const reopened = await openWithKey(store, vault.key, fx);
        expect(reopened.settings()).toEqual(expected);
        expect(reopened.unreadable).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });
});
