// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { detectOtpFields } from '../../../lib/detect/detect';
import { isVisibleForTests, summary } from './helpers';

function host(
  parent: Element | ShadowRoot,
  tag: string,
  inner: string,
  mode: 'open' | 'closed' = 'open',
): { el: HTMLElement; shadow: ShadowRoot } {
  const el = document.createElement(tag);
  parent.appendChild(el);
  const shadow = el.attachShadow({ mode });
  shadow.innerHTML = inner;
  return { el, shadow };
}

const detect = (root: Document | ShadowRoot | Element = document) =>
  summary(detectOtpFields(root, { isVisible: isVisibleForTests }));

describe('shadow roots', () => {
  it('finds a field in the open shadow root of a custom element, with its label inside', () => {
    document.body.innerHTML = '<main><h1>Sign in</h1></main>';
    host(
      document.querySelector('main') as Element,
      'otp-field',
      '<label for="c">Verification code</label><input id="c">',
    );
    expect(detect()).toEqual([{ kind: 'totp', fields: ['c'] }]);
  });

  it('finds a field in the shadow root of a plain <div> host', () => {
    document.body.innerHTML = '<div id="h"></div>';
    host(document.getElementById('h') as Element, 'div', '<input name="otp" autocomplete="one-time-code">');
    expect(detect()).toEqual([{ kind: 'totp', fields: ['otp'] }]);
  });

  it('descends through nested shadow roots', () => {
    document.body.innerHTML = '<app-root></app-root>';
    const outer = (document.querySelector('app-root') as Element).attachShadow({ mode: 'open' });
    outer.innerHTML = '<section><h2>Two-factor authentication</h2><div id="slot"></div></section>';
    host(
      outer.getElementById('slot') as Element,
      'code-input',
      '<input id="inner" inputmode="numeric" maxlength="6"><button>Verify</button>',
    );
    expect(detect()).toEqual([{ kind: 'totp', fields: ['inner'] }]);
  });

  it('reads text around the host (light DOM headings) from inside a shadow root', () => {
    document.body.innerHTML =
      '<div class="card"><h2>Enter the code from your authenticator app</h2><x-input></x-input></div>';
    host(document.querySelector('x-input') as Element, 'span', '<input id="bare">');
    // Text outside the shadow root is the only hint; the input itself has none.
    const el = document.querySelector('x-input') as Element;
    el.remove();
    document.querySelector('.card')?.appendChild(el);
    expect(detect()).toEqual([{ kind: 'totp', fields: ['bare'] }]);
  });

  it("uses the host's label attribute for a field inside it", () => {
    document.body.innerHTML = '<form><my-field label="One-time password"></my-field></form>';
    const shadow = (document.querySelector('my-field') as Element).attachShadow({ mode: 'open' });
    shadow.innerHTML = '<input id="v">';
    expect(detect()).toEqual([{ kind: 'totp', fields: ['v'] }]);
  });

  it('groups segmented boxes inside a shadow root', () => {
    document.body.innerHTML = '<otp-boxes></otp-boxes>';
    const boxes = Array.from({ length: 6 }, (_, i) => `<input id="s${i}" maxlength="1" inputmode="numeric">`).join('');
    host(document.body, 'otp-boxes', `<p>Two-step verification</p><div part="row">${boxes}</div>`);
    expect(detect()).toEqual([{ kind: 'totp', fields: ['s0', 's1', 's2', 's3', 's4', 's5'] }]);
  });

  it('accepts a shadow root as the root', () => {
    document.body.innerHTML = '<div></div>';
    const { shadow } = host(document.body, 'auth-step', '<label>Authentication code <input id="r"></label>');
    expect(detect(shadow)).toEqual([{ kind: 'totp', fields: ['r'] }]);
  });

  it('cannot see into closed shadow roots (the page keeps them private)', () => {
    document.body.innerHTML = '<div></div>';
    host(document.body, 'secret-field', '<input name="otp" autocomplete="one-time-code">', 'closed');
    expect(detect()).toEqual([]);
  });

  it('skips hidden shadow content', () => {
    document.body.innerHTML = '<div hidden><otp-x></otp-x></div>';
    host(document.querySelector('otp-x') as Element, 'span', '<input name="otp" autocomplete="one-time-code">');
    expect(detect()).toEqual([]);
  });
});
