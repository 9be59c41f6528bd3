import { describe, expect, it } from 'vitest';
import { throttle } from '../../../entrypoints/content/throttle';

/** A hand-driven timer: `fire()` runs what is due, as the window would end. */
function clock() {
  const due: (() => void)[] = [];
  return {
    set: (fn: () => void) => {
      due.push(fn);
    },
    fire: () => {
      for (const fn of due.splice(0)) fn();
    },
  };
}

describe('focus reports are throttled without losing the last one (review finding 10)', () => {
  it('the first call runs at once; calls inside the window run once when it ends', () => {
    const c = clock();
    const calls: number[] = [];
    let n = 0;
    const report = throttle(() => calls.push(++n), 200, c.set);
    report();
    expect(calls).toEqual([1]);
    report();
    report();
    expect(calls).toEqual([1]);
    c.fire();
    expect(calls).toEqual([1, 2]);
    c.fire();
    expect(calls).toEqual([1, 2]);
    report();
    expect(calls).toEqual([1, 2, 3]);
  });
});
