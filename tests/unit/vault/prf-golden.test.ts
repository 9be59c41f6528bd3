import 'fake-indexeddb/auto';
import { randomUUID } from 'node:crypto';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { describe, expect, it } from 'vitest';
import { base64urlnopad } from '@scure/base';
import type { VaultHeader } from '../../../lib/vault/header';
import type { PrfSlot } from '../../../lib/vault/prf-slot';
import { unlockVault, unlockVaultWithPrf } from '../../../lib/vault/vault';
import { openIdbVaultStore } from '../../../platform/idb-vault-store';
import { fx } from './fixtures';
import { type Golden, goldenView, loadGolden } from './golden';
import { loadDatabase } from './idb-dump';

type PrfGolden = Golden & { prf: { credentialId: string; prfSalt: string; prfOutput: string; label: string } };

const b = (s: string) => base64urlnopad.decode(s);

async function open(): Promise<{ golden: PrfGolden; store: Awaited<ReturnType<typeof openIdbVaultStore>> }> {
  const golden = loadGolden('v2-prf.json') as PrfGolden;
  const name = `golden-prf-${randomUUID()}`;
  await loadDatabase(name, golden.database);
  return { golden, store: await openIdbVaultStore(name) };
}

/**
 * tests/fixtures/vault/v2-prf.json (scripts/golden-vault-prf.ts): a password slot and a PRF key slot made with a
 * recorded PRF output. Every later Twofold must open it both ways (docs/vault-format.md "PRF key slot").
 */
describe('golden vault v2-prf.json', () => {
  it('opens with its password and with the recorded PRF output, showing the same account', async () => {
    const { golden, store } = await open();
    for (const vault of [
      await unlockVault(store, golden.password, fx),
      await unlockVaultWithPrf(store, b(golden.prf.credentialId), b(golden.prf.prfOutput), fx),
    ]) {
      expect(vault.unreadable).toEqual([]);
      expect(vault.accounts().map(goldenView)).toEqual(golden.expect.accounts);
      expect(vault.settings()).toEqual(golden.expect.settings);
      expect(vault.keySlots().map((s) => [s.type, s.label])).toEqual([
        ['password', ''],
        ['prf', golden.prf.label],
      ]);
      vault.lock();
    }
    await expect(
      unlockVaultWithPrf(store, b(golden.prf.credentialId), b(golden.prf.prfSalt), fx),
    ).rejects.toMatchObject({ code: 'wrong-key' });
  });

  it('its PRF slot opens with the documented derivation alone (HKDF info and AAD as docs/vault-format.md says)', async () => {
    const { golden, store } = await open();
    const header = (await store.readHeader()) as VaultHeader;
    const slot = header.slots.find((s) => s.type === 'prf') as PrfSlot;
    expect(slot.prfSalt).toEqual(b(golden.prf.prfSalt));
    const encoder = new TextEncoder();
    const kek = hkdf(
      sha256,
      b(golden.prf.prfOutput),
      slot.prfSalt,
      encoder.encode(`twofold-vault/v2/prf-slot/${slot.id}`),
      32,
    );
    const aad = encoder.encode(`twofold-vault/v2/prf-slot/${slot.id}/${golden.prf.credentialId}/${slot.label}`);
    const key = await crypto.subtle.importKey('raw', kek, 'AES-GCM', false, ['decrypt']);
    const vaultKey = new Uint8Array(
      await crypto.subtle.decrypt(
        { name: 'AES-GCM', iv: slot.nonce as Uint8Array<ArrayBuffer>, additionalData: aad },
        key,
        slot.wrappedKey as Uint8Array<ArrayBuffer>,
      ),
    );
    const byPassword = await unlockVault(store, golden.password, fx);
    expect(vaultKey).toEqual(byPassword.key);
  });
});
