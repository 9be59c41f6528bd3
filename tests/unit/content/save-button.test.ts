// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { OfferUi } from '../../../entrypoints/offer-frame/menu-ui';
import { replacesNote } from '../../../entrypoints/offer-frame/replaces-note';
import { setTranslator, tn } from '../../../lib/i18n/translate';
import { catalogTranslator } from '../i18n/english';

afterEach(() => {
  document.body.innerHTML = '';
  setTranslator(catalogTranslator('en'));
});

describe('the button beside recovery codes a page shows (issue 15, finding 4)', () => {
  for (const [lang, label] of [
    ['en', 'Save these 8 recovery codes to Twofold'],
    ['fr', 'Enregistrer ces 8 codes de récupération dans Twofold'],
  ] as const) {
    it(`says what it does, as its visible text and its name (${lang})`, () => {
      setTranslator(catalogTranslator(lang));
      const ui = new OfferUi(document, { onOpen: () => {}, onClose: () => {}, onPick: () => {}, onAction: () => {} });
      ui.setLabel(tn('recovery_save_button', 8));
      const trigger = document.querySelector('.trigger') as HTMLButtonElement;
      expect(trigger.classList.contains('wide')).toBe(true);
      expect(trigger.textContent).toBe(label);
      expect(trigger.getAttribute('aria-label')).toBe(label);
    });
  }
});

describe('a save entry for a new set of recovery codes (issue 15)', () => {
  const item = { id: 'a', issuer: 'GitHub', account: 'alice', kind: 'totp', related: false } as const;
  it('says before the click that it replaces the stored codes; other entries say nothing of it', () => {
    setTranslator(catalogTranslator('en'));
    expect(replacesNote({ ...item, what: 'save-recovery', replaces: 8 })).toBe('Replaces the 8 stored codes');
    expect(replacesNote({ ...item, what: 'save-recovery' })).toBe('');
    expect(replacesNote({ ...item, what: 'recovery', replaces: 8 })).toBe('');
  });
});
