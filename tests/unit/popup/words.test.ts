// @vitest-environment happy-dom
import { type ComponentChild, h, render } from 'preact';
import { afterEach, describe, expect, it } from 'vitest';
import { displayName } from '../../../components/account-order';
import { CodeDisplay } from '../../../components/CodeDisplay';
import type { Clock } from '../../../components/clock';
import { minutesLabel } from '../../../components/SettingsView';
import { TimeLeft } from '../../../components/TimeLeft';
import { setTranslator } from '../../../lib/i18n/translate';
import type { AccountView } from '../../../lib/vault/view';
import { catalogTranslator } from '../i18n/english';

/** A clock stopped at `seconds`, which never ticks. */
const stopped = (seconds: number): Clock => ({ now: () => seconds * 1000, subscribe: () => () => undefined });

function mount(vnode: ComponentChild): HTMLElement {
  const host = document.createElement('div');
  document.body.append(host);
  render(vnode, host);
  return host;
}

afterEach(() => {
  document.body.replaceChildren();
  setTranslator(catalogTranslator('en'));
});

describe('popup words', () => {
  it('names auto-lock choices with the plural form of each language', () => {
    setTranslator(catalogTranslator('en'));
    expect([1, 15, 60, 240, 1440].map(minutesLabel)).toEqual(['1 minute', '15 minutes', '1 hour', '4 hours', '1 day']);
    setTranslator(catalogTranslator('de'));
    expect([1, 15, 60, 1440, 2880].map(minutesLabel)).toEqual([
      '1 Minute',
      '15 Minuten',
      '1 Stunde',
      '1 Tag',
      '2 Tage',
    ]);
    setTranslator(catalogTranslator('fr'));
    expect(minutesLabel(240)).toBe('4 heures');
  });

  it('calls an account without issuer or name "Unnamed account" (the core’s one wording), in the user’s language', () => {
    const nameless = { issuer: '', account: '' } as AccountView;
    setTranslator(catalogTranslator('en'));
    expect(displayName(nameless)).toBe('Unnamed account');
    expect(displayName({ issuer: '', account: 'alice' } as AccountView)).toBe('alice');
    setTranslator(catalogTranslator('es'));
    expect(displayName(nameless)).toBe('Cuenta sin nombre');
  });

  it('gives the time-left ring a sentence screen readers read, in no live region', () => {
    setTranslator(catalogTranslator('en'));
    // 100 s into a 30 s period: 20 s left.
    const host = mount(h(TimeLeft, { clock: stopped(100), period: 30 }));
    const shown = host.querySelector('.time-left');
    expect(shown?.textContent).toBe('20 s');
    expect(shown?.getAttribute('aria-hidden')).toBe('true');
    expect(host.querySelector('.visually-hidden')?.textContent).toBe('20 seconds left');
    expect(host.querySelector('[aria-live], [role="timer"], [role="status"]')).toBeNull();
  });

  it('says the time left in the user’s language, one second in the singular', () => {
    setTranslator(catalogTranslator('de'));
    const host = mount(h(TimeLeft, { clock: stopped(29), period: 30 }));
    expect(host.querySelector('.visually-hidden')?.textContent).toBe('Noch 1 Sekunde');
  });

  it('reads a first code digit by digit, with its time left as a sentence', () => {
    setTranslator(catalogTranslator('en'));
    const host = mount(h(CodeDisplay, { current: { code: '123456', secondsLeft: 7.2, period: 30 } }));
    expect(host.querySelector('output')?.getAttribute('aria-label')).toBe('Code 1 2 3 4 5 6');
    expect(host.querySelector('.code-time span[aria-hidden]')?.textContent).toBe('8 s left');
    expect(host.querySelector('.code-time .visually-hidden')?.textContent).toBe('8 seconds left');
  });
});
