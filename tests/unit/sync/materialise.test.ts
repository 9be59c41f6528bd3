import { describe, expect, it } from 'vitest';
import { recordAccount, stateOfVault } from '../../../lib/sync/local-edit';
import { materialise } from '../../../lib/sync/materialise';
import { liveAccounts } from '../../../lib/sync/view';
import { HISTORY_KEEP_MS } from '../../../lib/vault/key-history';
import { account, HOUR, key, T } from './round-harness';

const DEVICE = 'aaaaaaaaaaaaaaaaaaaaaaaaaa';

describe('materialise', () => {
  it('puts what the state shows and the vault lacks, asked again after each change and as time passes', () => {
    const rotated = account('Mail', 3, {
      history: [
        {
          otp: {
            kind: 'totp',
            secret: key(9),
            issuer: 'Mail',
            account: 'alice',
            algorithm: 'SHA1',
            digits: 6,
            period: 30,
          },
          replacedAt: T - HOUR,
        },
      ],
    });
    const state = stateOfVault([account('GitHub', 1), rotated], DEVICE, T);
    const vault = liveAccounts(state, T);
    expect(vault.map((a) => [a.id, a.history?.length ?? 0])).toEqual([
      ['GitHub', 0],
      ['Mail', 1],
    ]);
    expect(materialise(vault, state, T)).toEqual({ put: [], remove: [] });

    // One entry edited (a new object): that account, and only it, is put; asked again with the old state, nothing.
    const edited = recordAccount(state, account('GitHub', 1, { notes: 'new' }), 'mx4j3rc0.1.aaaaaaaa', T + 1);
    expect(materialise(vault, edited, T + 1)).toEqual({ put: [liveAccounts(edited, T + 1)[0]], remove: [] });
    expect(materialise(vault, state, T)).toEqual({ put: [], remove: [] });

    // The same entries a month later: the previous key has aged out of what the state shows, so Mail is put again.
    const later = T + HISTORY_KEEP_MS;
    const shown = liveAccounts(state, later);
    expect(shown.find((a) => a.id === 'Mail')?.history).toBeUndefined();
    expect(materialise(vault, state, later)).toEqual({ put: shown.filter((a) => a.id === 'Mail'), remove: [] });
  });
});
