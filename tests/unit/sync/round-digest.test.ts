import { describe, expect, it } from 'vitest';
import { accountDigest, canonicalJson, writeDigest } from '../../../lib/sync/digest';
import { recordAccount, stateOfVault } from '../../../lib/sync/local-edit';
import type { PasswordSlot } from '../../../lib/vault/slots';
import { toAccountJson } from '../../../lib/vault/account-data';
import { account, key, T } from './round-harness';

describe('digests', () => {
  it('the account digest is SHA-256 hex of the vault JSON', async () => {
    const a = account('GitHub', 1);
    const hex = Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(toAccountJson(a)))).toString(
      'hex',
    );
    expect(accountDigest(a)).toBe(hex);
  });

  it('canonical JSON sorts keys at every depth, keeps array order, and reads as the same value', () => {
    const v = { b: [3, { z: 1, a: undefined, y: [true, null] }], a: 'x', c: new Uint8Array([1, 2]) };
    expect(canonicalJson(v)).toBe('{"a":"x","b":[3,{"y":[true,null],"z":1}],"c":[1,2]}');
    expect(JSON.parse(canonicalJson(v))).toEqual({ a: 'x', b: [3, { y: [true, null], z: 1 }], c: [1, 2] });
  });

  it('a state read back through JSON, or built in another key order, has the same write digest', () => {
    const state = stateOfVault([account('GitHub', 1), account('Mail', 3)], 'aaaaaaaaaaaaaaaaaaaaaaaaaa', T);
    const reordered = {
      accounts: { Mail: state.accounts.Mail, GitHub: state.accounts.GitHub },
      devices: {},
      v: 1,
    } as typeof state;
    expect(writeDigest(JSON.parse(JSON.stringify(state)), [])).toBe(writeDigest(state, []));
    expect(writeDigest(reordered, [])).toBe(writeDigest(state, []));
  });

  it('the write digest is SHA-256 of canonicalJson({ state, slots }), and follows each edit of an account', async () => {
    const slot: PasswordSlot = {
      id: 'slot-1',
      type: 'password',
      kdf: { name: 'argon2id', version: 19, memoryKiB: 65536, iterations: 3, parallelism: 1, salt: key(7) },
      nonce: new Uint8Array(12).fill(1),
      wrappedKey: new Uint8Array(48).fill(2),
      createdAt: T,
    };
    const sha = async (text: string) =>
      Buffer.from(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text))).toString('hex');
    const state = stateOfVault([account('GitHub', 1), account('Mail', 3)], 'aaaaaaaaaaaaaaaaaaaaaaaaaa', T);
    const first = writeDigest(state, [slot]);
    expect(first).toBe(await sha(canonicalJson({ state, slots: [slot] })));
    // Digested again after one account changed (the others are the same objects): the new text, not the old one.
    const edited = recordAccount(state, account('Mail', 3, { notes: 'new' }), 'mx4j3rc0.1.aaaaaaaa', T + 1);
    expect(edited.accounts.GitHub).toBe(state.accounts.GitHub);
    expect(writeDigest(edited, [slot])).toBe(await sha(canonicalJson({ state: edited, slots: [slot] })));
    expect(writeDigest(edited, [slot])).not.toBe(first);
    expect(writeDigest(state, [slot])).toBe(first);
  });
});
