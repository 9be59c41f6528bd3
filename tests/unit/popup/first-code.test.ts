// @vitest-environment happy-dom
import { h, render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, describe, expect, it } from 'vitest';
import { FirstCodeView } from '../../../components/FirstCodeView';
import type { AccountView } from '../../../lib/vault/view';
import { VIEW_DEFAULTS } from './account-view';

const root = document.createElement('div');
document.body.append(root);
afterEach(() => render(null, root));

const HOTP: AccountView = {
  id: 'h1',
  kind: 'hotp',
  issuer: 'Counter',
  account: 'erin',
  algorithm: 'SHA1',
  digits: 6,
  counter: '0',
  secret: 'MFRGGZDFMZTWQ2LKNNWG23TPOA',
  ...VIEW_DEFAULTS,
};

describe('the first HOTP code after enrolment (useSubmit, issue 16)', () => {
  it('takes one code off the counter for a double click, and shows it', async () => {
    const asked: string[] = [];
    let answer: (code: string) => void = () => {};
    await act(() =>
      render(
        h(FirstCodeView, {
          accounts: [HOTP],
          updated: 0,
          clock: { now: () => 0, subscribe: () => () => {} },
          onNextHotp: (id: string) => {
            asked.push(id);
            return new Promise<string>((r) => {
              answer = r;
            });
          },
          onCopy() {},
          onRecoveryCodes() {},
          onDone() {},
        }),
        root,
      ),
    );
    const show = root.querySelector<HTMLButtonElement>('button.show-first') as HTMLButtonElement;
    await act(() => {
      show.click();
      show.click();
    });
    expect(asked).toEqual(['h1']);
    await act(() => answer('755224'));
    await act(() => new Promise((r) => setTimeout(r, 0)));
    expect(root.querySelector('.first-hotp')?.textContent).toBe('755224');
  });
});
