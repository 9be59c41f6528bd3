import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SyncError } from '../../../lib/sync/errors';
import { parseState } from '../../../lib/sync/parse-state';
import type { SyncState } from '../../../lib/sync/state';
import { TestDevice } from './device';
import { opArb, simulate, skewArb } from './simulate';

const T = Date.UTC(2026, 11, 1);

function sample(): SyncState {
  const d = new TestDevice('aaaaaaaa0000000000000000aa');
  d.write(
    {
      id: 'acc',
      createdAt: T,
      updatedAt: T,
      otp: {
        kind: 'hotp',
        secret: new Uint8Array(10).fill(1),
        issuer: 'Bank',
        account: 'a',
        algorithm: 'SHA1',
        digits: 6,
        counter: 3n,
      },
      sites: ['bank.example'],
      notes: '',
      recoveryCodes: [{ code: 'r1', usedAt: T }],
      pinned: false,
      order: 0,
    },
    T,
  );
  return JSON.parse(JSON.stringify(d.state)) as SyncState;
}

// biome-ignore lint/suspicious/noExplicitAny: a test reaching into raw JSON to damage one field
type Raw = any;

function refused(mutate: (s: Raw) => void): void {
  const s = sample() as Raw;
  mutate(s);
  let error: unknown;
  try {
    parseState(JSON.parse(JSON.stringify(s)));
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(SyncError);
  expect((error as SyncError).code).toBe('malformed-state');
}

describe('checking a decrypted state', () => {
  it('accepts every state the operations make, after a JSON round trip', () => {
    fc.assert(
      fc.property(fc.record({ ops: fc.array(opArb, { maxLength: 40 }), skew: skewArb }), ({ ops, skew }) => {
        for (const d of simulate(ops, skew).devices) {
          const json = JSON.parse(JSON.stringify(d.state));
          expect(parseState(json)).toEqual(d.state);
        }
      }),
      { numRuns: 50 },
    );
  });

  it('refuses the whole state for one bad part', () => {
    refused((s) => {
      s.v = 2;
    });
    refused((s) => {
      s.accounts.acc.notes[1] = 'not-a-clock';
    });
    refused((s) => {
      s.accounts.acc.issuer[0] = 42;
    });
    refused((s) => {
      s.accounts.acc.sites[0] = 'not a list';
    });
    refused((s) => {
      s.accounts.acc.keys = {};
    });
    refused((s) => {
      const [id] = Object.keys(s.accounts.acc.keys);
      s.accounts.acc.counters[id as string] = '18446744073709551616';
    });
    refused((s) => {
      const [id] = Object.keys(s.accounts.acc.keys);
      s.accounts.acc.keys[id as string].otp.digits = 99;
    });
    refused((s) => {
      s.accounts.acc.keys['not base32!'] = s.accounts.acc.keys[Object.keys(s.accounts.acc.keys)[0] as string];
    });
    refused((s) => {
      s.accounts.acc.codes.r1.uses.push('1.0.a');
    });
    refused((s) => {
      s.accounts.acc.deleted = 'zz';
    });
  });

  it('refuses a key that would reach an object prototype', () => {
    const json = JSON.stringify(sample()).replace('"acc":', '"__proto__":');
    expect(() => parseState(JSON.parse(json))).toThrow(SyncError);
  });
});

describe('a recovery code that normalises to "__proto__"', () => {
  it('is stored, joined, checked and shown as a code, never as an object prototype', () => {
    const d = new TestDevice('aaaaaaaa0000000000000000aa');
    const e = new TestDevice('bbbbbbbb0000000000000000bb');
    const s = sample();
    d.merge(s, T);
    d.edit('acc', T + 1, (a) => ({ ...a, recoveryCodes: [...a.recoveryCodes, { code: '__PROTO__' }] }));
    e.merge(JSON.parse(JSON.stringify(d.state)), T + 2);
    e.edit('acc', T + 3, (a) => ({ ...a, recoveryCodes: a.recoveryCodes.map((r) => ({ ...r, usedAt: T + 3 })) }));
    const back = parseState(JSON.parse(JSON.stringify(e.state)));
    d.merge(back, T + 4);
    const codes = (d.state.accounts.acc as { codes: object }).codes;
    expect(Object.getPrototypeOf(codes)).toBe(Object.prototype);
    expect(Object.keys(codes).sort()).toEqual(['__proto__', 'r1']);
    expect(d.get('acc', T + 4).recoveryCodes.map((r) => [r.code, r.usedAt !== undefined])).toEqual([
      ['r1', true],
      ['__PROTO__', true],
    ]);
  });

  it('takes an account entry equal to a held one as the held object, and still checks every other', () => {
    const held = sample();
    const same = parseState(JSON.parse(JSON.stringify(held)), held);
    expect(same).toEqual(held);
    expect(same.accounts.acc).toBe(held.accounts.acc);

    // One field off: not the held entry, so checked, and a bad value still refuses the whole state.
    const bad = JSON.parse(JSON.stringify(held)) as Raw;
    bad.accounts.acc.issuer[0] = 42;
    expect(() => parseState(bad, held)).toThrow(SyncError);
    const other = JSON.parse(JSON.stringify(held)) as Raw;
    other.accounts.acc.notes[0] = 'changed';
    const read = parseState(other, held);
    expect(read.accounts.acc).not.toBe(held.accounts.acc);
    expect((read.accounts.acc as Raw).notes[0]).toBe('changed');
    // An entry held under another id is no excuse.
    const moved = JSON.parse(JSON.stringify(held)) as Raw;
    moved.accounts.acc.issuer[0] = 42;
    expect(() => parseState(moved, { ...held, accounts: { other: held.accounts.acc } as Raw })).toThrow(SyncError);
  });
});
