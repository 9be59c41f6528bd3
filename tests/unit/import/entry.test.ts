import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { collectEntries, EntryError, entryFrom, entryFromUri, readAlgorithm } from '../../../lib/import/entry';

const key = new TextEncoder().encode('12345678901234567890');

describe('entry rules shared by every importer', () => {
  it('takes strings where apps wrote numbers, and fills the Key-Uri-Format defaults', () => {
    const e = entryFrom({
      kind: 'TOTP',
      secret: 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ',
      issuer: ' Bank ',
      account: 'me',
      digits: '8',
      period: '',
    });
    expect(e.params).toEqual({
      kind: 'totp',
      secret: key,
      issuer: 'Bank',
      account: 'me',
      algorithm: 'SHA1',
      digits: 8,
      period: 30,
    });
    const h = entryFrom({ kind: 'hotp', secret: key, counter: '18446744073709551615', algorithm: 'HmacSHA512' });
    expect(h.params).toMatchObject({ kind: 'hotp', algorithm: 'SHA512', counter: 2n ** 64n - 1n });
  });

  it('names what is wrong, and tells unsupported kinds from damaged entries', () => {
    const fail = (raw: Parameters<typeof entryFrom>[0]) => {
      try {
        entryFrom(raw);
      } catch (e) {
        expect(e).toBeInstanceOf(EntryError);
        return [(e as EntryError).code, (e as Error).message];
      }
      throw new Error('accepted');
    };
    expect(fail({ kind: 'motp', secret: key })).toEqual([
      'unsupported',
      expect.stringContaining('mOTP codes are not supported'),
    ]);
    expect(fail({ kind: 'totp', secret: key, algorithm: 'SHA224' })[0]).toBe('unsupported');
    expect(fail({ kind: 'totp', secret: key, algorithm: 'WHIRLPOOL' })).toEqual([
      'invalid',
      'Unknown hash algorithm “WHIRLPOOL”.',
    ]);
    expect(fail({ kind: 'totp', secret: '' })).toEqual(['invalid', 'It has no secret.']);
    expect(fail({ kind: 'totp', secret: 'ABC1' })[1]).toMatch(
      /^Its secret is not valid base32: Invalid character at position 4/,
    );
    expect(fail({ kind: 'totp', secret: key, digits: 12 })[1]).toMatch(/12 digits are not possible/);
    expect(fail({ kind: 'totp', secret: key, period: 0 })[1]).toMatch(/period of 0 s/);
    expect(fail({ kind: 'hotp', secret: key, counter: -1 })[1]).toMatch(/counter “-1”|counter -1/);
    expect(fail({ kind: 'totp', secret: key, digits: 6.5 })[1]).toMatch(/not a whole number/);
  });

  it('keeps the URI parser’s warnings and maps its errors', () => {
    const e = entryFromUri('otpauth://totp/Steam:me?secret=JBSWY3DPEHPK3PXP&issuer=Steam', { notes: 'n' });
    expect(e.params.kind).toBe('steam');
    expect(e.notes).toBe('n');
    expect(e.warnings.map((w) => w.english).join()).toMatch(/Steam Guard/);
    expect(() => entryFromUri('otpauth://yandex/x?secret=JBSWY3DPEHPK3PXP')).toThrow(
      expect.objectContaining({ code: 'unsupported' }),
    );
    expect(() => entryFromUri('otpauth://totp/x')).toThrow(expect.objectContaining({ code: 'invalid' }));
  });

  it('collects: one bad entry becomes a listed problem with its name; the rest import', () => {
    const items = [{ issuer: 'A', secret: 'JBSWY3DPEHPK3PXP' }, { issuer: 'B', secret: '!!' }, null];
    const out = collectEntries(
      items,
      (item, i) => (item as { issuer: string } | null)?.issuer ?? `Entry ${i + 1}`,
      (item) => entryFrom({ kind: 'totp', secret: (item as { secret: string }).secret }),
    );
    expect(out.entries).toHaveLength(1);
    expect(out.problems.map((p) => [p.index, p.label.english, p.unsupported])).toEqual([
      [1, 'B', false],
      [2, 'Entry 3', false],
    ]);
    expect(out.problems[1]?.message.english).toMatch(/^The entry is damaged and was not imported/);
  });

  it('never throws anything but an EntryError for arbitrary field values', () => {
    fc.assert(
      fc.property(
        fc.anything(),
        fc.anything(),
        fc.anything(),
        fc.anything(),
        fc.string(),
        (secret, digits, period, counter, kind) => {
          try {
            const e = entryFrom({ kind, secret: secret as string, digits, period, counter, algorithm: digits });
            expect(e.params.secret).toBeInstanceOf(Uint8Array);
            expect(e.params.secret.length).toBeGreaterThan(0);
          } catch (e) {
            if (!(e instanceof EntryError)) throw e;
          }
        },
      ),
    );
    expect(readAlgorithm(undefined)).toBe('SHA1');
  });
});
