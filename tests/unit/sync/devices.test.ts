import { describe, expect, it } from 'vitest';
import { encodeClock } from '../../../lib/sync/clock';
import { leaveDevice, nameDevice, prefixTaken } from '../../../lib/sync/devices';
import { join } from '../../../lib/sync/join';
import { emptyState } from '../../../lib/sync/state';

const T = Date.UTC(2026, 11, 1);
const at = (ms: number, d: string) => encodeClock({ l: T + ms, c: 0, d });
const LAPTOP = 'k3m4n5p6q7r8s9t0u1v2w3x4y5';

describe('the synced devices list', () => {
  it('a later rename wins wherever it is merged', () => {
    const a = nameDevice(emptyState(), LAPTOP, 'Chrome on laptop', at(0, 'k3m4n5p6'));
    const b = nameDevice(a, LAPTOP, 'Work laptop', at(1000, 'k3m4n5p6'));
    const stale = nameDevice(a, LAPTOP, 'Old name', at(500, 'zzzzzzzz'));
    expect(join(b, stale).devices[LAPTOP]?.name[0]).toBe('Work laptop');
    expect(join(stale, b)).toEqual(join(b, stale));
  });

  it('a device that left stays listed as left after any merge', () => {
    const a = nameDevice(emptyState(), LAPTOP, 'Laptop', at(0, 'k3m4n5p6'));
    const left = leaveDevice(a, LAPTOP, at(10, 'aaaaaaaa'));
    expect(join(a, left).devices[LAPTOP]?.left).toBe(at(10, 'aaaaaaaa'));
    expect(leaveDevice(emptyState(), LAPTOP, at(10, 'aaaaaaaa'))).toEqual(emptyState());
  });

  it('notices a joining device whose stamp prefix another device already uses', () => {
    const s = nameDevice(emptyState(), LAPTOP, 'Laptop', at(0, 'k3m4n5p6'));
    expect(prefixTaken(s, 'k3m4n5p6zzzzzzzzzzzzzzzzzz')).toBe(true);
    expect(prefixTaken(s, LAPTOP)).toBe(false);
    expect(prefixTaken(s, 'aaaaaaaazzzzzzzzzzzzzzzzzz')).toBe(false);
  });
});
