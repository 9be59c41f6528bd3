// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { type Watcher, watchForInputs } from '../../../lib/detect/watch';

let watcher: Watcher | undefined;
afterEach(() => watcher?.stop());

/** Lets MutationObserver callbacks run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

function watch(stale = () => false) {
  const calls: number[] = [];
  const scheduled: Array<() => void> = [];
  watcher = watchForInputs(
    document,
    () => calls.push(1),
    (fn) => scheduled.push(fn),
    { stale },
  );
  const flush = () => {
    for (const fn of scheduled.splice(0)) fn();
  };
  return { calls, flush };
}

describe('re-scanning on DOM changes', () => {
  it('ignores churn that adds no input', async () => {
    document.body.innerHTML = '<ul id="feed"></ul>';
    const { calls, flush } = watch();
    for (let i = 0; i < 20; i++)
      document.getElementById('feed')?.append(Object.assign(document.createElement('li'), { textContent: `row ${i}` }));
    await settle();
    flush();
    expect(calls).toHaveLength(0);
  });

  it('re-scans once when inputs arrive, however many arrive', async () => {
    document.body.innerHTML = '<div id="app"></div>';
    const { calls, flush } = watch();
    const app = document.getElementById('app') as HTMLElement;
    app.innerHTML = '<form><input name="otp"></form>';
    app.append(document.createElement('input'));
    await settle();
    flush();
    expect(calls).toHaveLength(1);
  });

  it('re-scans for custom elements, which may hold inputs in a shadow root', async () => {
    document.body.innerHTML = '<div id="app"></div>';
    const { calls, flush } = watch();
    document.getElementById('app')?.append(document.createElement('otp-form'));
    await settle();
    flush();
    expect(calls).toHaveLength(1);
  });

  it('re-scans on removals only when something found went away', async () => {
    document.body.innerHTML = '<div id="a"><input id="x"></div><div id="b"></div>';
    const offered = document.getElementById('x') as HTMLInputElement;
    const { calls, flush } = watch(() => !offered.isConnected);
    document.getElementById('b')?.remove();
    await settle();
    flush();
    expect(calls).toHaveLength(0);
    document.getElementById('a')?.remove();
    await settle();
    flush();
    expect(calls).toHaveLength(1);
  });
});
