// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { type Watcher, watchForInputs } from '../../../lib/detect/watch';

let watcher: Watcher | undefined;
afterEach(() => watcher?.stop());

/** Lets MutationObserver callbacks run. */
const settle = () => new Promise((r) => setTimeout(r, 0));

/**
 * The visibility rule the tests use (happy-dom lays nothing out): hidden by the attribute, inside a closed
 * <details>, or under an element with the class `collapsed`. Every call is counted.
 */
const looks: Element[] = [];
function shown(el: Element): boolean {
  looks.push(el);
  return el.closest('[hidden], details:not([open]) > :not(summary), .collapsed, [data-fading]') === null;
}

function watch(stale = () => false) {
  const calls: number[] = [];
  const scheduled: Array<() => void> = [];
  watcher = watchForInputs(
    document,
    () => calls.push(1),
    (fn) => scheduled.push(fn),
    { stale, shown },
  );
  const flush = () => {
    for (const fn of scheduled.splice(0)) fn();
  };
  return { calls, flush, scheduled };
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

describe('re-scanning when an input already in the page is shown or hidden (issue 15, finding 7)', () => {
  const reveals: Array<[string, string, (doc: Document) => void]> = [
    [
      'the hidden attribute is removed from its pane',
      '<section id="pane" hidden><input id="code"></section>',
      (d) => d.getElementById('pane')?.removeAttribute('hidden'),
    ],
    [
      'a class on an ancestor two levels up changes',
      '<div id="panes" class="collapsed"><div><input id="code"></div></div>',
      (d) => d.getElementById('panes')?.classList.remove('collapsed'),
    ],
    [
      'its <details> is opened',
      '<details id="d"><summary>Use your app</summary><div><input id="code"></div></details>',
      (d) => d.getElementById('d')?.setAttribute('open', ''),
    ],
    [
      'a tab switch (aria-selected, hidden panels)',
      '<button role="tab" aria-selected="true" id="t1"></button><div id="p1"></div><div id="p2" hidden><input id="code"></div>',
      (d) => {
        d.getElementById('t1')?.setAttribute('aria-selected', 'false');
        d.getElementById('p1')?.setAttribute('hidden', '');
        d.getElementById('p2')?.removeAttribute('hidden');
      },
    ],
  ];
  for (const [what, markup, reveal] of reveals) {
    it(`re-scans once when ${what}`, async () => {
      document.body.innerHTML = markup;
      const { calls, flush } = watch();
      watcher?.track();
      reveal(document);
      await settle();
      flush();
      expect(calls).toHaveLength(1);
    });
  }

  it('re-scans when an offered field is hidden (its offer must go out of sight)', async () => {
    document.body.innerHTML = '<div id="tab"><input id="code"></div>';
    const { calls, flush } = watch();
    watcher?.track();
    document.getElementById('tab')?.setAttribute('hidden', '');
    await settle();
    flush();
    expect(calls).toHaveLength(1);
  });

  it('measures nothing for attribute churn away from inputs', async () => {
    document.body.innerHTML = `<ul id="feed">${'<li>row</li>'.repeat(50)}</ul><div id="pane" hidden><input></div>`;
    const { calls, flush, scheduled } = watch();
    watcher?.track();
    looks.length = 0;
    for (const li of document.querySelectorAll('li')) {
      li.classList.toggle('hot');
      li.setAttribute('style', 'color: red');
      li.hidden = true;
    }
    await settle();
    expect(scheduled).toHaveLength(0);
    flush();
    expect(calls).toHaveLength(0);
    expect(looks).toHaveLength(0);
  });

  it('does not re-scan when a change on an ancestor shows or hides nothing', async () => {
    document.body.innerHTML = '<main id="app"><div id="pane" hidden><input></div><input id="search"></main>';
    const { calls, flush } = watch();
    watcher?.track();
    const app = document.getElementById('app') as HTMLElement;
    app.className = 'scrolled';
    app.style.color = 'red';
    await settle();
    flush();
    expect(calls).toHaveLength(0);
  });

  it('re-scans after a transition ends on an ancestor (a fade-in longer than the delay)', async () => {
    document.body.innerHTML = '<div id="pane" class="collapsed"><input></div>';
    const { calls, flush } = watch();
    watcher?.track();
    const pane = document.getElementById('pane') as HTMLElement;
    // The class change is seen first, while the field is still fading in (hidden for the rule): nothing to do.
    pane.dataset.fading = '';
    pane.classList.remove('collapsed');
    await settle();
    flush();
    expect(calls).toHaveLength(0);
    // The fade ends without any attribute change the watcher listens to; only the event says it may show now.
    delete pane.dataset.fading;
    await settle();
    flush();
    expect(calls).toHaveLength(0);
    pane.dispatchEvent(new Event('transitionend', { bubbles: true }));
    flush();
    expect(calls).toHaveLength(1);
  });

  it('tracks nothing before the first scan has reported', async () => {
    document.body.innerHTML = '<section id="pane" hidden><input></section>';
    const { calls, flush } = watch();
    document.getElementById('pane')?.removeAttribute('hidden');
    await settle();
    flush();
    expect(calls).toHaveLength(0);
  });
});
