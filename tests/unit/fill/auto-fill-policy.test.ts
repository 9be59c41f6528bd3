import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AUTO_FILL_INTERVAL_MS,
  AutoFillPolicy,
  type AutoFillRequest,
  CAME_BACK_MS,
} from '../../../lib/fill/auto-fill-policy';

function setup() {
  let now = 1_000_000;
  const policy = new AutoFillPolicy(() => now);
  return { policy, advance: (ms: number) => (now += ms) };
}

const totp = (over: Partial<AutoFillRequest> = {}): AutoFillRequest => ({
  tabId: 1,
  pageLoadId: 'load-1',
  fieldKey: '0:otp',
  accountId: 'acc-1',
  kind: 'totp',
  origin: 'https://bank.test',
  ...over,
});

describe('AutoFillPolicy', () => {
  it('never fills HOTP or a hardware-key slot by itself, even the first time', () => {
    const { policy } = setup();
    expect(policy.allow(totp({ kind: 'hotp' }))).toBe('hotp');
    expect(policy.allow(totp({ kind: 'key' }))).toBe('key-slot');
    expect(policy.allow(totp({ kind: 'totp', accountId: 'key:abc/totp-0' }))).toBe('key-slot');
    // The refusals recorded nothing: a TOTP account may still go.
    expect(policy.allow(totp())).toBe(true);
  });

  it('fills a field with an account at most once per page load', () => {
    const { policy, advance } = setup();
    expect(policy.allow(totp())).toBe(true);
    advance(AUTO_FILL_INTERVAL_MS * 10);
    expect(policy.allow(totp())).toBe('already-filled');
    // A page that swaps its field in gets at most one more, after the interval.
    expect(policy.allow(totp({ fieldKey: '0:otp-2' }))).toBe(true);
    expect(policy.allow(totp({ fieldKey: '0:otp-3' }))).toBe('rate-limited');
    policy.pageLoaded(1);
    advance(AUTO_FILL_INTERVAL_MS);
    expect(policy.allow(totp({ pageLoadId: 'load-2' }))).toBe(true);
  });

  it('allows one automatic fill per tab per 30 s, across page loads', () => {
    const { policy, advance } = setup();
    expect(policy.allow(totp())).toBe(true);
    policy.pageLoaded(1);
    expect(policy.allow(totp({ pageLoadId: 'load-2' }))).toBe('rate-limited');
    advance(AUTO_FILL_INTERVAL_MS - 1);
    expect(policy.allow(totp({ pageLoadId: 'load-2' }))).toBe('rate-limited');
    advance(1);
    expect(policy.allow(totp({ pageLoadId: 'load-2' }))).toBe(true);
    // Another tab has its own interval.
    expect(policy.allow(totp({ tabId: 2 }))).toBe(true);
  });

  it('treats a clock that went back as inside the interval', () => {
    const { policy, advance } = setup();
    expect(policy.allow(totp())).toBe(true);
    advance(-AUTO_FILL_INTERVAL_MS * 100);
    expect(policy.allow(totp({ fieldKey: 'other' }))).toBe('rate-limited');
  });

  it('forgets a closed tab', () => {
    const { policy } = setup();
    expect(policy.allow(totp())).toBe(true);
    policy.forget(1);
    expect(policy.allow(totp())).toBe(true);
  });
});

describe('AutoFillPolicy after an automatic submit (issue 15, finding 1)', () => {
  const BANK = 'https://bank.test';

  it('halts the tab when the same site shows a code step again soon after an automatic submit', () => {
    const { policy, advance } = setup();
    expect(policy.allow(totp())).toBe(true);
    policy.submitted(1, BANK, 'acc-1');
    policy.pageLoaded(1);
    advance(1500);
    expect(policy.stepCameBack(1, BANK)).toMatchObject({ origin: BANK, accountId: 'acc-1' });
    // Long after the 30 s interval, on every later page load: nothing by itself on this site in this tab.
    for (let load = 2; load < 6; load++) {
      advance(AUTO_FILL_INTERVAL_MS * 3);
      policy.pageLoaded(1);
      expect(policy.allow(totp({ pageLoadId: `load-${load}` }))).toBe('halted');
    }
    // Other tabs are theirs.
    expect(policy.allow(totp({ tabId: 2 }))).toBe(true);
  });

  it('a fill by hand ends the halt; so does leaving the site', () => {
    const { policy, advance } = setup();
    policy.allow(totp());
    policy.submitted(1, BANK, 'acc-1');
    policy.stepCameBack(1, BANK);
    advance(AUTO_FILL_INTERVAL_MS);
    policy.filledByHand(1);
    expect(policy.allow(totp({ pageLoadId: 'load-2' }))).toBe(true);

    policy.submitted(1, BANK, 'acc-1');
    policy.stepCameBack(1, BANK);
    advance(AUTO_FILL_INTERVAL_MS);
    // A frame of another site inside the halted page: filled (the halt is the site's), and the halt stays.
    expect(policy.allow(totp({ pageLoadId: 'load-3', origin: 'https://other.test' }))).toBe(true);
    advance(AUTO_FILL_INTERVAL_MS);
    expect(policy.allow(totp({ pageLoadId: 'load-4' }))).toBe('halted');
    // The top frame is another site: the tab left, the halt ends.
    expect(policy.allow(totp({ pageLoadId: 'load-5', origin: 'https://other.test', topFrame: true }))).toBe(true);
    advance(AUTO_FILL_INTERVAL_MS);
    expect(policy.allow(totp({ pageLoadId: 'load-6' }))).toBe(true);
  });

  it('a new top-level page of another site ends the halt; the same site, or no URL from the browser, keeps it', () => {
    const { policy } = setup();
    policy.submitted(1, BANK, 'acc-1');
    policy.stepCameBack(1, BANK);
    // A reload or another page of the halted site: still halted. No URL (the browser did not say): still halted.
    expect(policy.pageLoaded(1, BANK)).toBe(false);
    expect(policy.pageLoaded(1)).toBe(false);
    expect(policy.haltOf(1, BANK)).toBeDefined();
    // The tab went to another site: the visit is over, and the halt with it (even before any field is seen there).
    expect(policy.pageLoaded(1, 'https://news.test')).toBe(true);
    expect(policy.haltOf(1, BANK)).toBeUndefined();
    expect(policy.snapshot()['1']?.halt).toBeUndefined();
  });

  it('a code step long after the submit, or on another site, is not a refusal', () => {
    const { policy, advance } = setup();
    policy.submitted(1, BANK, 'acc-1');
    expect(policy.stepCameBack(1, 'https://other.test')).toBeUndefined();
    advance(CAME_BACK_MS + 1);
    expect(policy.stepCameBack(1, BANK)).toBeUndefined();
    expect(policy.haltOf(1, BANK)).toBeUndefined();
    // No submit at all: nothing to halt.
    expect(policy.stepCameBack(3, BANK)).toBeUndefined();
  });

  it('one submit halts once: the record of that submit is spent', () => {
    const { policy } = setup();
    policy.submitted(1, BANK, 'acc-1');
    expect(policy.stepCameBack(1, BANK)).toBeDefined();
    policy.filledByHand(1);
    expect(policy.stepCameBack(1, BANK)).toBeUndefined();
  });

  it('never on an enrolment step', () => {
    const { policy } = setup();
    expect(policy.allow(totp({ enrolment: true }))).toBe('enrolment');
    // Nothing recorded: a sign-in step right after may still go.
    expect(policy.allow(totp())).toBe(true);
  });

  it('keeps the interval, the last submit and the halt across a restart (snapshot), not the page load', () => {
    const { policy } = setup();
    policy.allow(totp());
    policy.submitted(1, BANK, 'acc-1');
    policy.stepCameBack(1, BANK);
    policy.allow(totp({ tabId: 2 }));
    const saved = JSON.parse(JSON.stringify(policy.snapshot()));
    let now = 1_000_000;
    const restarted = new AutoFillPolicy(() => now, undefined, saved);
    expect(restarted.allow(totp({ pageLoadId: 'load-9' }))).toBe('halted');
    expect(restarted.allow(totp({ tabId: 2, pageLoadId: 'load-9' }))).toBe('rate-limited');
    now += AUTO_FILL_INTERVAL_MS;
    expect(restarted.allow(totp({ tabId: 2, pageLoadId: 'load-9' }))).toBe(true);
  });
});

// --- properties: the harvesting page (docs/architecture.md attack 7) --------------------------------------

const request = fc.record({
  tabId: fc.integer({ min: 1, max: 3 }),
  pageLoadId: fc.integer({ min: 1, max: 3 }),
  fieldKey: fc.constantFrom('a', 'b', 'c'),
  accountId: fc.constantFrom('acc-1', 'acc-2', 'key:k/0'),
  kind: fc.constantFrom('totp', 'hotp', 'steam', 'key') as fc.Arbitrary<AutoFillRequest['kind']>,
});
/** A run: requests at some time steps, with page loads in between. */
const step = fc.oneof(
  fc.record({ req: request, wait: fc.integer({ min: 0, max: 40_000 }) }),
  fc.record({ load: fc.integer({ min: 1, max: 3 }) }),
);

describe('AutoFillPolicy properties', () => {
  it('whatever a page does, no HOTP or key slot, one per 30 s per tab, once per load per field and account', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), (steps) => {
        const { policy, advance } = setup();
        let now = 1_000_000;
        const lastAllowed = new Map<number, number>();
        const seen = new Map<number, Set<string>>();
        for (const s of steps) {
          if ('load' in s) {
            policy.pageLoaded(s.load);
            seen.get(s.load)?.clear();
            continue;
          }
          now = advance(s.wait);
          const req = { ...s.req, origin: 'https://bank.test' };
          if (policy.allow(req) !== true) continue;
          expect(req.kind === 'hotp' || req.kind === 'key' || req.accountId.startsWith('key:')).toBe(false);
          const last = lastAllowed.get(req.tabId);
          if (last !== undefined) expect(now - last).toBeGreaterThanOrEqual(AUTO_FILL_INTERVAL_MS);
          lastAllowed.set(req.tabId, now);
          const key = `${req.pageLoadId}/${req.fieldKey}/${req.accountId}`;
          const filled = seen.get(req.tabId) ?? new Set<string>();
          expect(filled.has(key)).toBe(false);
          filled.add(key);
          seen.set(req.tabId, filled);
        }
      }),
    );
  });

  it('a page replacing its field as fast as it can gets at most one fill per 30 s', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2000 }), fc.integer({ min: 10, max: 1000 }), (n, everyMs) => {
        const { policy, advance } = setup();
        let filled = 0;
        for (let i = 0; i < n; i++) {
          advance(everyMs);
          if (policy.allow(totp({ fieldKey: `f${i}` })) === true) filled++;
        }
        expect(filled).toBeLessThanOrEqual(Math.floor((n * everyMs) / AUTO_FILL_INTERVAL_MS) + 1);
        expect(filled).toBeGreaterThanOrEqual(1);
      }),
    );
  });
});
