import { describe, expect, it } from 'vitest';
import { codeFieldCount } from '../../../entrypoints/content/code-field-count';

describe('the badge’s count of code fields (issue 15 review)', () => {
  it('counts authenticator fields and fields that take a code or a recovery code, nothing else', () => {
    const kinds = ['totp', 'dual', 'recovery', 'sms', 'yubico', 'password-otp', 'dual'] as const;
    const found = kinds.map((kind) => ({ kind }));
    expect(codeFieldCount(found)).toBe(3);
    expect(codeFieldCount([{ kind: 'dual' }])).toBe(1);
    expect(codeFieldCount([{ kind: 'recovery' }])).toBe(0);
  });
});
