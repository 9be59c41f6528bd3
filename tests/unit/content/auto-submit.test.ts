// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SubmitError, text as submitText } from '../../../lib/fill/submit-errors';
import { ProtocolError } from '../../../lib/messaging/errors';

/** The requests the content script sent, and how the background answers each (a test sets `answer`). */
const sent: { type: string }[] = [];
let answer: (request: { type: string }) => Promise<unknown>;
vi.mock('../../../platform/content-runtime', () => ({
  sendRequest: (request: { type: string }) => {
    sent.push(request);
    return answer(request);
  },
}));
/** What submitting the filled step does (lib/fill/submit.ts; its own tests are tests/unit/fill/submit.test.ts). */
let submitted: () => Promise<void>;
vi.mock('../../../lib/fill/submit', () => ({ submitFilled: () => submitted(), refusalNear: () => false }));

const { fillWithGrant } = await import('../../../entrypoints/content/auto-submit');

const GRANT = 'Zm9vYmFyYmF6cXV4MTIzNDU2';
const field = () => {
  const el = document.createElement('input');
  document.body.append(el);
  return el;
};
/** The background gives the code (and asks for a submit); every report is lost (the page is going away). */
const codeThenLost = (submit: boolean) => async (request: { type: string }) => {
  if (request.type === 'fill-code') return { code: '123456', submit };
  throw new Error('Could not establish connection. Receiving end does not exist.');
};

beforeEach(() => {
  sent.length = 0;
  document.body.replaceChildren();
  submitted = async () => {};
});

describe('fillWithGrant rejects only when the code did not go in', () => {
  it('rejects when the background refuses the grant’s code, and fills nothing', async () => {
    const refusal = new ProtocolError('forbidden', 'refused');
    answer = async () => {
      throw refusal;
    };
    const el = field();
    await expect(fillWithGrant(GRANT, [el], 'totp')).rejects.toBe(refusal);
    expect(el.value).toBe('');
  });

  it('rejects when the code does not fit the field', async () => {
    answer = codeThenLost(false);
    const el = field();
    el.disabled = true;
    await expect(fillWithGrant(GRANT, [el], 'totp')).rejects.toMatchObject({ code: 'field-disabled' });
  });

  it('resolves once the code is in, though the report of a submit that did not happen is lost', async () => {
    answer = codeThenLost(true);
    submitted = async () => {
      throw new SubmitError('not-stuck', submitText('submit_error_not_stuck'));
    };
    const el = field();
    await expect(fillWithGrant(GRANT, [el], 'totp')).resolves.toBeUndefined();
    expect(el.value).toBe('123456');
    expect(sent.map((r) => r.type)).toEqual(['fill-code', 'fill-not-submitted']);
  });

  it('resolves once the code is in, though the submit failed in a way it does not know', async () => {
    answer = codeThenLost(true);
    submitted = async () => {
      throw new TypeError('form.requestSubmit is not a function');
    };
    const el = field();
    await expect(fillWithGrant(GRANT, [el], 'totp')).resolves.toBeUndefined();
    expect(el.value).toBe('123456');
    // Not a SubmitError: nothing the offer frame could name, so nothing is reported.
    expect(sent.map((r) => r.type)).toEqual(['fill-code']);
  });
});
