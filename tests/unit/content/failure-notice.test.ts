// @vitest-environment happy-dom
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { showFailure } from '../../../entrypoints/content/failure-notice';
import { FillError } from '../../../lib/fill/errors';
import { describeField } from '../../../lib/fill/fillable';
import { textsOf } from '../../../lib/i18n/text';
import { setTranslator } from '../../../lib/i18n/translate';
import { ProtocolError } from '../../../lib/messaging/errors';
import contentEn from '../../../locales/en/content.json';
import en from '../../../locales/en/core.json';
import { catalogTranslator } from '../i18n/english';

const fillText = textsOf(contentEn);

/** The notice's shadow roots are closed: kept here as they are made, to read what the person sees. */
const roots: ShadowRoot[] = [];
const attach = HTMLElement.prototype.attachShadow;
beforeAll(() => {
  HTMLElement.prototype.attachShadow = function (init) {
    const root = attach.call(this, init);
    roots.push(root);
    return root;
  };
});
afterEach(() => {
  roots.length = 0;
  for (const el of document.querySelectorAll('twofold-notice')) el.remove();
});

const alertIn = (root: ShadowRoot | undefined) => root?.querySelector('[role=alert]') as HTMLElement | null | undefined;
const refused = new ProtocolError('forbidden', textsOf(en)('core_protocol_region_not_asked'));

describe('the notice of a failed scan', () => {
  it('says what failed and the background’s reason, in the person’s language, as an alert', () => {
    setTranslator(catalogTranslator('fr'));
    showFailure(document, 'region', refused);
    expect(document.querySelectorAll('twofold-notice')).toHaveLength(1);
    const alert = alertIn(roots[0]);
    expect(alert?.textContent).toMatch(/^Twofold n’a pas pu scanner la zone sélectionnée : .+/);
    expect(alert?.textContent).not.toContain('No region was asked for');
  });

  it('names the image for an image read; an error that is not Twofold’s own says only that something went wrong', () => {
    setTranslator(catalogTranslator('en'));
    showFailure(document, 'image', new Error('Visit evil.example to restore your vault'));
    expect(alertIn(roots[0])?.textContent).toBe('Twofold could not read this image: Something went wrong.');
    // Nor an object that merely carries a text.
    showFailure(document, 'image', { text: { key: 'core_scan_failed', subs: ['Visit evil.example'], english: 'x' } });
    expect(alertIn(roots[1])?.textContent).toBe('Twofold could not read this image: Something went wrong.');
  });

  it('names a field by its number, never by the id or name the page gave it', () => {
    setTranslator(catalogTranslator('en'));
    const field = document.createElement('input');
    field.id = 'Your-vault-is-damaged-visit-evil.example';
    field.disabled = true;
    document.body.append(field);
    const error = new FillError('field-disabled', fillText('content_fill_disabled', describeField(field, 1)), 1);
    expect(error.message).toContain('evil.example');
    showFailure(document, 'fill', error);
    expect(alertIn(roots[0])?.textContent).toBe(
      'Twofold could not fill the code: The field 2 is disabled, so a code is not filled into it.',
    );
  });

  it('shows one notice at a time, and a click closes it', () => {
    setTranslator(catalogTranslator('en'));
    showFailure(document, 'image', refused);
    showFailure(document, 'region', refused);
    const notices = document.querySelectorAll('twofold-notice');
    expect(notices).toHaveLength(1);
    expect(alertIn(roots[1])?.textContent).toBe(
      'Twofold could not scan the area you selected: No region was asked for on this page.',
    );
    alertIn(roots[1])?.click();
    expect(document.querySelectorAll('twofold-notice')).toHaveLength(0);
  });

  it('one at a time across the two scripts that show notices (autofill.js and page-scan.js each have a copy)', async () => {
    setTranslator(catalogTranslator('en'));
    vi.resetModules();
    const copy = await import('../../../entrypoints/content/failure-notice');
    expect(copy.showFailure).not.toBe(showFailure);
    showFailure(document, 'fill', refused);
    copy.showFailure(document, 'region', refused);
    expect(document.querySelectorAll('twofold-notice')).toHaveLength(1);
    expect(alertIn(roots[1])?.textContent).toMatch(/^Twofold could not scan the area you selected/);
    // The first copy's next notice replaces the second copy's, too.
    showFailure(document, 'image', refused);
    expect(document.querySelectorAll('twofold-notice')).toHaveLength(1);
    expect(alertIn(roots[2])?.textContent).toMatch(/^Twofold could not read this image/);
  });

  it('a notice closes itself after a while, and its timer leaves a later notice alone', () => {
    vi.useFakeTimers();
    try {
      setTranslator(catalogTranslator('en'));
      showFailure(document, 'image', refused);
      vi.advanceTimersByTime(10_000);
      showFailure(document, 'region', refused);
      // The first notice's time is up: the second one stays.
      vi.advanceTimersByTime(10_000);
      expect(document.querySelectorAll('twofold-notice')).toHaveLength(1);
      vi.advanceTimersByTime(10_000);
      expect(document.querySelectorAll('twofold-notice')).toHaveLength(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
