// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { RecoveryStepWatch } from '../../../entrypoints/content/step-left';
import { SETTLE_MS } from '../../../lib/offer/recovery-pending';

/*
 * Recovery codes on pages that do not navigate (docs/architecture.md "Recovery codes"): the content script says when
 * the field a recovery code was filled into, and its form, left the page; the background decides
 * (tests/unit/background).
 */
function setup() {
  document.body.innerHTML = '<form id="f"><input id="code"><button>Verify</button></form><p id="other"></p>';
  const sent: string[] = [];
  const timers: { fn: () => void; ms: number }[] = [];
  const hidden = new Set<Element>();
  const watch = new RecoveryStepWatch(
    (offer) => sent.push(offer),
    (fn, ms) => timers.push({ fn, ms }),
    (el) => !hidden.has(el),
  );
  const field = document.getElementById('code') as HTMLInputElement;
  const form = document.getElementById('f') as HTMLFormElement;
  return { watch, sent, timers, hidden, field, form };
}

describe('a filled recovery field that leaves the page (issue 15, finding 4)', () => {
  it('is reported once when it and its form are removed, and again when the background decides', () => {
    const t = setup();
    t.watch.filled(t.field, 'offer-1');
    t.watch.check();
    expect(t.sent).toEqual([]);
    t.form.remove();
    t.watch.check();
    t.watch.check();
    expect(t.sent).toEqual(['offer-1']);
    expect(t.timers.map((x) => x.ms)).toEqual([SETTLE_MS]);
    t.timers[0]?.fn();
    expect(t.sent).toEqual(['offer-1', 'offer-1']);
  });

  it('counts a form hidden for good (not shown) as gone, but not a field whose form is still shown', () => {
    const t = setup();
    t.watch.filled(t.field, 'offer-1');
    t.hidden.add(t.field);
    t.watch.check();
    expect(t.sent).toEqual([]);
    t.hidden.add(t.form);
    t.watch.check();
    expect(t.sent).toEqual(['offer-1']);
  });

  it('says nothing when the page is being left (a navigation the background sees by itself)', () => {
    const t = setup();
    t.watch.filled(t.field, 'offer-1');
    t.form.remove();
    t.watch.leaving();
    t.watch.check();
    expect(t.sent).toEqual([]);
  });

  it('a field filled and never left says nothing', () => {
    const t = setup();
    t.watch.filled(t.field, 'offer-1');
    document.getElementById('other')?.remove();
    t.watch.check();
    expect(t.sent).toEqual([]);
    expect(t.timers).toEqual([]);
  });
});
