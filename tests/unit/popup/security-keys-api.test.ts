import { afterEach, describe, expect, it, vi } from 'vitest';
import { TwofoldError } from '../../../lib/errors';

const calls: string[] = [];
vi.mock('../../../platform/webauthn', () => ({
  prfAvailability: () => 'available',
  createPrfCredential: async (
    _options: unknown,
    use: (made: { credentialId: string; prfSalt: string; prfOutput: string }) => Promise<void>,
  ) => {
    calls.push('create credential');
    await use({ credentialId: 'AQ', prfSalt: 'AA', prfOutput: 'out' });
  },
}));
const { securityKeysApi } = await import('../../../entrypoints/options/security-keys');

afterEach(() => {
  calls.length = 0;
});

/** The background as the panel reaches it: records each request type, refusing the password when told to. */
function background(passwordOk: boolean) {
  return vi.fn(async (req: { type: string }) => {
    calls.push(req.type);
    if (req.type === 'vault-confirm-password' && !passwordOk) throw new TwofoldError('wrong-password', 'Wrong');
    if (req.type === 'vault-prf-credentials') return { credentials: [] };
    return { id: 'new' };
  });
}

describe('adding a key from Settings (entrypoints/options/security-keys.ts)', () => {
  it('confirms the master password before any credential is created, then creates it, then adds the slot', async () => {
    const request = background(true);
    await securityKeysApi(request as never).add('Key', 'master', () => {});
    expect(calls).toEqual([
      'vault-confirm-password',
      'vault-prf-credentials',
      'create credential',
      'vault-slot-add-prf',
    ]);
    expect(request).toHaveBeenCalledWith({ type: 'vault-confirm-password', password: 'master' });
  });

  it('a wrong master password stops before the authenticator is asked: no credential is made for nothing', async () => {
    const steps: string[] = [];
    await expect(
      securityKeysApi(background(false) as never).add('Key', 'wrong', (s) => steps.push(s)),
    ).rejects.toMatchObject({ code: 'wrong-password' });
    expect(calls).toEqual(['vault-confirm-password']);
    expect(steps).toEqual([]);
  });
});
