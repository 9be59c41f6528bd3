import { describe, expect, it } from 'vitest';
import { failureReply, RequestError, unwrapReply } from '../../../lib/messaging/reply';
import { VaultError } from '../../../lib/vault/errors';
import { VaultSession } from '../../../lib/vault/session';

describe('replies over the message protocol', () => {
  it('carry a failure’s code, English message and Text, and re-throw them on the page’s side', async () => {
    const session = new VaultSession(
      { readHeader: async () => undefined } as never,
      { get: async () => undefined } as never,
      {} as never,
    );
    const failure = await session.require().catch((e: unknown) => e);
    const reply = failureReply(failure);
    expect(reply).toEqual({
      ok: false,
      error: 'The vault is locked.',
      code: 'locked',
      text: { key: 'core_vault_locked', subs: [], english: 'The vault is locked.' },
    });
    // Messages are JSON: what arrives is what was sent.
    const error = (() => {
      try {
        unwrapReply(JSON.parse(JSON.stringify(reply)));
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(RequestError);
    expect(error).toMatchObject({
      code: 'locked',
      message: 'The vault is locked.',
      text: { key: 'core_vault_locked' },
    });
  });

  it('say something the user can read when there is no answer, or a failure that is not an Error', () => {
    expect(() => unwrapReply(undefined)).toThrow(
      expect.objectContaining({ code: 'no-answer', text: expect.objectContaining({ key: 'core_reply_no_answer' }) }),
    );
    expect(failureReply('boom')).toEqual({
      ok: false,
      error: 'Request failed.',
      text: { key: 'core_reply_failed', subs: [], english: 'Request failed.' },
    });
    expect(failureReply(new VaultError('bad-record', 'internal'))).toEqual({
      ok: false,
      error: 'internal',
      code: 'bad-record',
    });
  });
});
