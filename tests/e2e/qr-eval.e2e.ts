import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { evaluateQr } from '../../scripts/eval-qr';
import { makeCaptures } from '../../scripts/qr-captures';

/*
 * The decoder on realistic captures (docs/enrolment.md "Measuring it"): enrolment pages rendered by Chromium with QR
 * codes from the `qrcode` generator (scripts/qr-captures.ts, every scenario once: small, dark, modal, two codes,
 * JPEG, dense, SVG, canvas, CSS background, zoom, export, no code, decoy only), read by `eval:qr`'s
 * path, which is the extension's own.
 */
const dir = mkdtempSync(join(tmpdir(), 'twofold-qr-eval-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('eval:qr on generated enrolment captures', () => {
  it('never picks a wrong key or a decoy, and finds the key on the pages that show one', async () => {
    await makeCaptures(dir, 17, 3);
    const truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as { expected: string | null }[];
    const lines: string[] = [];
    const summary = await evaluateQr(dir, (l) => lines.push(l));
    expect(lines).toHaveLength(17);
    expect(summary.images).toBe(17);
    expect(summary.with_qr).toBe(truth.filter((t) => t.expected !== null).length);
    expect(summary.wrong).toBe(0);
    expect(summary.false_positive).toBe(0);
    // The "small" scenario draws codes at the edge of legibility; every other page must be read.
    expect(summary.found).toBeGreaterThanOrEqual(summary.with_qr - 1);
    expect(Object.keys(summary.median_ms).length).toBeGreaterThan(0);
  }, 180_000);
});
