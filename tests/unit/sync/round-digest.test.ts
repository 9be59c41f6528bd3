import { describe, expect, it } from 'vitest';
import { accountDigest, canonicalJson, writeDigest } from '../../../lib/sync/digest';
import { stateOfVault } from '../../../lib/sync/local-edit';
import { toAccountJson } from '../../../lib/vault/account-data';
import { account, T } from './round-harness';

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
});
