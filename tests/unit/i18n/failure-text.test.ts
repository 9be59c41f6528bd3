import { describe, expect, it } from 'vitest';
import { failureCode, failureText, TwofoldError } from '../../../lib/errors';
import { textsOf } from '../../../lib/i18n/text';

const text = textsOf({ t_short: 'too short: $1' });

describe('failureText: the one way a thrown value becomes words (issue 16)', () => {
  it('gives an error’s own Text, so the UI can say it in the reader’s language', () => {
    const own = text('t_short', 3);
    expect(failureText(new TwofoldError('short', own))).toEqual(own);
    // A reply error rebuilt in the popup carries the Text as a plain property.
    expect(failureText(Object.assign(new Error('x'), { text: own }))).toEqual(own);
  });
  it('gives the message of an error without a Text, and the value of anything else', () => {
    expect(failureText(new Error('plain'))).toBe('plain');
    expect(failureText('odd')).toBe('odd');
    expect(failureText(undefined)).toBe('undefined');
  });
  it('uses the fallback only for a thrown value that is not an error', () => {
    const fallback = text('t_short', 0);
    expect(failureText(42, fallback)).toEqual(fallback);
    expect(failureText(new Error(''), fallback)).toBe('');
  });
  it('reads the code of an error that has one', () => {
    expect(failureCode(new TwofoldError('digits', 'no'))).toBe('digits');
    expect(failureCode(new Error('no'))).toBeUndefined();
    expect(failureCode({ code: 'not-an-error' })).toBeUndefined();
  });
});
