// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { pageText } from '../../../entrypoints/content/qr-look';
import { looksLikeSetup } from '../../../lib/qr/page-text';

function page(body: string): Document {
  document.body.innerHTML = body;
  return document;
}

describe('pageText: the text the QR notice tests', () => {
  it('reads visible text and skips scripts, styles, noscript and templates', () => {
    const doc = page(
      `<p>Hello</p><script>var s={"mfaEnabled":true,"setup":1}; // 2FA scan</script>` +
        `<style>.totp-scan{}</style><noscript>Enable 2FA and scan</noscript>` +
        `<template><p>Set up 2FA: scan the QR code</p></template><div>world</div>`,
    );
    const text = pageText(doc, 20_000);
    expect(text).toContain('Hello');
    expect(text).toContain('world');
    expect(text).not.toMatch(/mfa|2fa|scan|totp/i);
    expect(looksLikeSetup(text)).toBe(false);
  });

  it('finds a setup step in visible text', () => {
    const doc = page('<main><h1>Set up two-factor authentication</h1><p>Scan this QR code.</p></main>');
    expect(looksLikeSetup(pageText(doc, 20_000))).toBe(true);
  });

  it('stops at the limit', () => {
    const doc = page(`${'<p>filler text here</p>'.repeat(2000)}<p>Set up 2FA: scan the QR code.</p>`);
    const text = pageText(doc, 1000);
    expect(text.length).toBe(1000);
    expect(looksLikeSetup(text)).toBe(false);
  });
});
