import { base64urlnopad } from '@scure/base';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { webAuthnFailure } from '../../../lib/webauthn/errors';

vi.mock('webextension-polyfill', () => ({ default: { runtime: { id: 'abcdefghijklmnopabcdefghijklmnop' } } }));

const { createPrfCredential, getPrfOutput, prfAvailability } = await import('../../../platform/webauthn');

/** A stand-in for navigator.credentials: records what was asked, answers what the test says. */
function fakeCredentials(answers: { create?: unknown; get?: unknown }) {
  const asked: { create: CredentialCreationOptions[]; get: CredentialRequestOptions[] } = { create: [], get: [] };
  vi.stubGlobal('PublicKeyCredential', class {});
  vi.stubGlobal('navigator', {
    credentials: {
      create: async (o: CredentialCreationOptions) => {
        asked.create.push(o);
        if (answers.create instanceof Error) throw answers.create;
        return answers.create;
      },
      get: async (o: CredentialRequestOptions) => {
        asked.get.push(o);
        if (answers.get instanceof Error) throw answers.get;
        return answers.get;
      },
    },
  });
  return asked;
}

const credential = (rawId: Uint8Array, prf: AuthenticationExtensionsPRFOutputs | undefined) => ({
  rawId: rawId.buffer,
  getClientExtensionResults: () => (prf ? { prf } : {}),
});

afterEach(() => vi.unstubAllGlobals());

describe('platform/webauthn: the PRF ceremonies (issue 19)', () => {
  it('says when the page has no WebAuthn at all', () => {
    vi.stubGlobal('PublicKeyCredential', undefined);
    expect(prfAvailability()).toBe('no-webauthn');
  });

  it('refuses an authenticator without PRF: no slot is offered to the background', async () => {
    fakeCredentials({ create: credential(new Uint8Array([1, 2, 3]), { enabled: false }) });
    const use = vi.fn(async () => {});
    await expect(createPrfCredential({ label: 'U2F key', exclude: [] }, use)).rejects.toMatchObject({
      code: 'no-prf',
      message: expect.stringContaining('no PRF (hmac-secret)'),
    });
    expect(use).not.toHaveBeenCalled();
  });

  it('asks with user verification required, the vault id as rp id, the salt as PRF input, and excludes keys already added', async () => {
    const output = new Uint8Array(32).fill(7);
    const salt = new Uint8Array(32).fill(9);
    const asked = fakeCredentials({
      create: credential(new Uint8Array([5, 6]), { enabled: true, results: { first: output.buffer } }),
    });
    const seen: unknown[] = [];
    await createPrfCredential({ label: 'YubiKey', exclude: ['AQI'], prfSalt: salt }, async (made) => {
      seen.push(made);
    });
    const pk = asked.create[0]?.publicKey as PublicKeyCredentialCreationOptions;
    expect(pk.rp.id).toBe('abcdefghijklmnopabcdefghijklmnop');
    expect(pk.authenticatorSelection?.userVerification).toBe('required');
    expect(new Uint8Array(pk.excludeCredentials?.[0]?.id as ArrayBuffer)).toEqual(new Uint8Array([1, 2]));
    expect(new Uint8Array(pk.extensions?.prf?.eval?.first as ArrayBuffer)).toEqual(salt);
    expect(seen).toEqual([
      {
        credentialId: base64urlnopad.encode(new Uint8Array([5, 6])),
        prfSalt: base64urlnopad.encode(salt),
        prfOutput: base64urlnopad.encode(new Uint8Array(32).fill(7)),
      },
    ]);
    // The bytes the browser handed over are zeroed once the message was sent.
    expect(output.every((b) => b === 0)).toBe(true);
  });

  it('reads the PRF with a second touch when the authenticator only says it can (prf.enabled, no results)', async () => {
    const id = new Uint8Array([8, 8, 8]);
    const second = new Uint8Array(32).fill(3);
    const asked = fakeCredentials({
      create: credential(id, { enabled: true }),
      get: credential(id, { results: { first: second.buffer } }),
    });
    const onSecondTouch = vi.fn();
    const made = await createPrfCredential({ label: 'Nitrokey', exclude: [], onSecondTouch }, async (m) => m);
    expect(onSecondTouch).toHaveBeenCalledTimes(1);
    const pk = asked.get[0]?.publicKey as PublicKeyCredentialRequestOptions;
    const key = base64urlnopad.encode(id);
    expect(Object.keys(pk.extensions?.prf?.evalByCredential ?? {})).toEqual([key]);
    expect(
      base64urlnopad.encode(new Uint8Array(pk.extensions?.prf?.evalByCredential?.[key]?.first as ArrayBuffer)),
    ).toBe(made.prfSalt);
    expect(made.prfOutput).toBe(base64urlnopad.encode(new Uint8Array(32).fill(3)));
    expect(second.every((b) => b === 0)).toBe(true);
  });

  it('unlock: evaluates each credential on its own salt and names the credential that answered', async () => {
    const a = {
      credentialId: base64urlnopad.encode(new Uint8Array([1])),
      prfSalt: base64urlnopad.encode(new Uint8Array(32).fill(1)),
    };
    const b = {
      credentialId: base64urlnopad.encode(new Uint8Array([2])),
      prfSalt: base64urlnopad.encode(new Uint8Array(32).fill(2)),
    };
    const output = new Uint8Array(32).fill(4);
    const asked = fakeCredentials({ get: credential(new Uint8Array([2]), { results: { first: output.buffer } }) });
    const answer = await getPrfOutput([a, b], async (r) => r);
    const pk = asked.get[0]?.publicKey as PublicKeyCredentialRequestOptions;
    expect(pk.userVerification).toBe('required');
    expect(pk.allowCredentials?.map((c) => base64urlnopad.encode(new Uint8Array(c.id as ArrayBuffer)))).toEqual([
      a.credentialId,
      b.credentialId,
    ]);
    expect(
      base64urlnopad.encode(
        new Uint8Array(pk.extensions?.prf?.evalByCredential?.[b.credentialId]?.first as ArrayBuffer),
      ),
    ).toBe(b.prfSalt);
    expect(answer).toEqual({
      credentialId: b.credentialId,
      prfOutput: base64urlnopad.encode(new Uint8Array(32).fill(4)),
    });
    expect(output.every((x) => x === 0)).toBe(true);
  });

  it('zeroes the PRF bytes even when sending them failed', async () => {
    const output = new Uint8Array(32).fill(5);
    fakeCredentials({ get: credential(new Uint8Array([1]), { results: { first: output.buffer } }) });
    await expect(
      getPrfOutput([{ credentialId: 'AQ', prfSalt: base64urlnopad.encode(new Uint8Array(32)) }], async () => {
        throw new Error('wrong key');
      }),
    ).rejects.toThrow('wrong key');
    expect(output.every((x) => x === 0)).toBe(true);
  });

  it('maps the browser refusals to their own messages', async () => {
    const named = (name: string) => Object.assign(new Error(`${name} from the browser`), { name });
    fakeCredentials({ get: named('NotAllowedError') });
    await expect(getPrfOutput([{ credentialId: 'AQ', prfSalt: 'AA' }], async () => {})).rejects.toMatchObject({
      code: 'cancelled',
    });
    expect(webAuthnFailure(named('InvalidStateError'))).toMatchObject({
      code: 'already-added',
      message: 'This passkey or security key is already added to Twofold.',
    });
    expect(webAuthnFailure(named('SecurityError')).code).toBe('security');
    expect(webAuthnFailure(named('UnknownError'))).toMatchObject({
      code: 'failed',
      message: expect.stringContaining('UnknownError from the browser'),
    });
  });
});
