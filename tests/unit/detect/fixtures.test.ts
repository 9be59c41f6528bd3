// @vitest-environment happy-dom
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectOtpFields } from '../../../lib/detect/detect';
import { isVisibleForTests, parsePage } from './helpers';

/*
 * The project's own pages (tests/fixtures/otp-pages), modelled on real OTP steps and look-alikes. Each
 * entry of labels.json lists every detection the page must produce (kind and fields, best first) in
 * addition to the eval layout (kind, otp_selectors).
 */
const DIR = join(__dirname, '../../fixtures/otp-pages');

interface Entry {
  file: string;
  kind: 'totp' | 'sms' | 'recovery' | 'negative';
  otp_selectors: string[];
  detections: { kind: string; fields: string[] }[];
}

const entries = JSON.parse(readFileSync(join(DIR, 'labels.json'), 'utf8')) as Entry[];

/** Resolves a selector with ">>>" steps into open shadow roots, like the eval script. */
function resolve(doc: Document, selector: string): Element {
  let scope: ParentNode = doc;
  let el: Element | null = null;
  const parts = selector.split('>>>').map((p) => p.trim());
  parts.forEach((part, i) => {
    el = scope.querySelector(part);
    if (!el) throw new Error(`selector ${selector} matched nothing at ${part}`);
    if (i < parts.length - 1) {
      const shadow = (el as Element).shadowRoot;
      if (!shadow) throw new Error(`${part} has no open shadow root`);
      scope = shadow;
    }
  });
  return el as unknown as Element;
}

describe('fixture pages', () => {
  it('has fixtures of every kind', () => {
    const byKind = new Set(entries.map((e) => e.kind));
    expect([...byKind].sort()).toEqual(['negative', 'recovery', 'sms', 'totp']);
    expect(entries.length).toBeGreaterThanOrEqual(20);
  });

  for (const entry of entries) {
    it(`${entry.file}: ${entry.detections.map((d) => d.kind).join(', ') || 'nothing'}`, () => {
      const doc = parsePage(readFileSync(join(DIR, entry.file), 'utf8'));
      const dets = detectOtpFields(doc, { isVisible: isVisibleForTests });
      const expected = entry.detections.map((d) => ({ kind: d.kind, fields: d.fields.map((s) => resolve(doc, s)) }));
      expect(dets.map((d) => d.kind)).toEqual(expected.map((d) => d.kind));
      dets.forEach((d, i) => {
        const want = expected[i]?.fields ?? [];
        expect(d.fields.length).toBe(want.length);
        for (const [k, f] of d.fields.entries())
          expect(f === want[k], `${entry.file} detection ${i} field ${k}`).toBe(true);
        expect(d.confidence).toBeGreaterThanOrEqual(0.5);
        expect(d.confidence).toBeLessThanOrEqual(1);
        expect(d.reasons.length).toBeGreaterThan(0);
      });
      // The eval's view: a vault code is offered exactly on TOTP pages, to the labelled fields.
      const topTotp = dets.find((d) => d.kind === 'totp');
      if (entry.kind === 'totp') {
        expect(topTotp?.fields).toEqual(entry.otp_selectors.map((s) => resolve(doc, s)));
      } else {
        expect(topTotp).toBeUndefined();
      }
    });
  }
});
