// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';

const urls: string[] = [];
vi.mock('../../../platform/content-runtime', () => ({
  extensionUrl: (path: string) => {
    urls.push(path);
    // A module that cannot load: the test counts the attempt, not the load.
    return 'data:text/javascript,throw 0';
  },
}));

const { qrLook } = await import('../../../entrypoints/content/qr-look');

/** Timers run by hand, with a clock the test moves. */
function fakeTime() {
  let clock = 0;
  const timers: { at: number; fn: () => void }[] = [];
  return {
    now: () => clock,
    setTimer: (fn: () => void, ms: number) => timers.push({ at: clock + ms, fn }),
    advance(ms: number) {
      clock += ms;
      for (const t of timers.filter((x) => x.at <= clock)) {
        timers.splice(timers.indexOf(t), 1);
        t.fn();
      }
    },
  };
}

describe('qrLook: the text test in every page', () => {
  it('never loads the look-up on an ordinary page, however long it changes', () => {
    urls.length = 0;
    document.body.innerHTML = '<img src="x.png"><script>var s={"mfaEnabled":true}</script><p>Scan to pay</p>';
    const time = fakeTime();
    const look = qrLook(document, time.setTimer, () => {}, time.now);
    for (let i = 0; i < 30; i++) {
      look();
      time.advance(700);
    }
    expect(urls).toEqual([]);
  });

  it('sees a setup step rendered late, after many changes, without testing on every change', () => {
    urls.length = 0;
    document.body.innerHTML = '<img src="x.png"><p>Welcome</p>';
    const time = fakeTime();
    const look = qrLook(document, time.setTimer, () => {}, time.now);
    let texts = 0;
    const walker = document.createTreeWalker.bind(document);
    document.createTreeWalker = ((...args: Parameters<typeof walker>) => {
      texts++;
      return walker(...args);
    }) as typeof document.createTreeWalker;
    for (let i = 0; i < 20; i++) {
      look();
      time.advance(100);
    }
    // 2 s of changes: one test at once and one when the interval ended, not twenty.
    expect(texts).toBeLessThanOrEqual(2);
    // The tenth change of a single-page app shows the setup step.
    for (let i = 0; i < 10; i++) {
      look();
      time.advance(500);
    }
    document.body.innerHTML = '<img src="qr.png"><h1>Set up two-factor authentication</h1><p>Scan the QR code.</p>';
    look();
    time.advance(2000);
    expect(urls).toEqual(['/page-qr.js']);
  });
});
