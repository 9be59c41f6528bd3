// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import type { Offer } from '../../../entrypoints/content/offers';
import { LIST_SCAN_MS, PageState } from '../../../entrypoints/content/page-state';
import type { Detection } from '../../../lib/detect/types';
import { detection, input } from './fields';

/** What PageState and grantTarget read of an offer. */
const offer = (token: string, d: Detection, parked = false) => ({ token, parked, detection: d }) as unknown as Offer;
const notEnrolment = () => false;

describe('PageState: what a scan found', () => {
  it('keeps every detection with fields and answers the kinds that get an offer (not SMS or e-mail)', () => {
    const state = new PageState();
    const totp = detection('totp', input());
    const sms = detection('sms', input());
    const empty = detection('totp');
    expect(state.detected([totp, sms, empty])).toEqual([totp]);
    expect(state.detectionOf(totp.fields[0])).toBe(totp);
    // An SMS field is known (the shortcut on it does nothing), though it gets no offer.
    expect(state.detectionOf(sms.fields[0])).toBe(sms);
    expect(state.detectionOf(input())).toBeUndefined();
    expect(state.detectionOf(document.body)).toBeUndefined();
    expect(state.detectionOf(null)).toBeUndefined();
  });

  it('tells the background of a change in the code-field count only', () => {
    const state = new PageState();
    expect(state.countChanged(0)).toBe(false);
    expect(state.countChanged(2)).toBe(true);
    expect(state.countChanged(2)).toBe(false);
    expect(state.countChanged(1)).toBe(true);
  });

  it('reports a new, empty authenticator field once, and the grant that may follow is for its fields', () => {
    const state = new PageState();
    const totp = detection('totp', input(), input());
    expect(state.readyField([detection('recovery', input()), totp], notEnrolment)).toEqual({ enrol: false });
    expect(state.readyField([totp], notEnrolment)).toBeUndefined();
    expect(state.takeGrantTarget(undefined)).toEqual({ fields: totp.fields, kind: 'totp' });
    // Used up: a second grant finds nothing to fill.
    expect(state.takeGrantTarget(undefined)).toBeUndefined();
  });

  it('does not report a field that already holds a value', () => {
    const state = new PageState();
    expect(state.readyField([detection('totp', input('12'), input())], notEnrolment)).toBeUndefined();
  });

  it('an enrolment step is reported as such and never becomes the target of a grant by itself (issue 15)', () => {
    const state = new PageState();
    const totp = detection('totp', input());
    expect(state.readyField([totp], () => true)).toEqual({ enrol: true });
    expect(state.takeGrantTarget(undefined)).toBeUndefined();
  });
});

describe('PageState: shortcut, context menu and grants', () => {
  it('asks a grant for the fields the shortcut or menu was used on, not for SMS or e-mail fields', () => {
    const state = new PageState();
    expect(state.askFill(detection('sms', input()))).toBeUndefined();
    expect(state.takeGrantTarget(undefined)).toBeUndefined();
    const recovery = detection('recovery', input());
    expect(state.askFill(recovery)).toBe('recovery');
    expect(state.takeGrantTarget(undefined)).toEqual({ fields: recovery.fields, kind: 'recovery' });
  });

  it('a grant naming an offer fills that offer’s field; a parked offer fills nothing and uses up what was pending', () => {
    const state = new PageState();
    const shown = detection('totp', input());
    const hidden = detection('totp', input());
    state.offers.set(shown.fields[0] as HTMLInputElement, offer('shown-token', shown));
    state.offers.set(hidden.fields[0] as HTMLInputElement, offer('hidden-token', hidden, true));
    state.askFill(detection('dual', input()));
    expect(state.takeGrantTarget('hidden-token')).toBeUndefined();
    expect(state.takeGrantTarget('shown-token')).toBe(shown);
  });

  it('the focused code field is the target when nothing else is', () => {
    const state = new PageState();
    const totp = detection('totp', input());
    const other = detection('totp', input());
    state.detected([totp, other]);
    state.offers.set(other.fields[0] as HTMLInputElement, offer('other-token', other));
    state.focused(totp.fields[0] as HTMLInputElement);
    expect(state.takeGrantTarget(undefined)).toBe(totp);
  });

  it('remembers what the context menu was opened on: a field while it is in the page, any element as the image', () => {
    const state = new PageState();
    const field = input();
    state.rightClicked(field);
    expect(state.rightClickedField()).toBe(field);
    expect(state.contextTarget()).toBe(field);
    field.remove();
    expect(state.rightClickedField()).toBeUndefined();
    const img = document.createElement('img');
    state.rightClicked(img);
    expect(state.rightClickedField()).toBeUndefined();
    expect(state.contextTarget()).toBe(img);
    state.rightClicked(undefined);
    expect(state.contextTarget()).toBeUndefined();
  });

  it('finds an offer by its frame’s token among field offers and recovery-list offers', () => {
    const state = new PageState();
    const d = detection('totp', input());
    const fieldOffer = offer('field-token', d);
    const listOffer = offer('list-token', d);
    state.offers.set(d.fields[0] as HTMLInputElement, fieldOffer);
    state.lists.set(document.createElement('ol'), listOffer);
    expect(state.offerByToken('list-token')).toBe(listOffer);
    expect(state.offerByToken('field-token')).toBe(fieldOffer);
    expect(state.offerByToken('other')).toBeUndefined();
    expect(state.allOffers()).toEqual([fieldOffer, listOffer]);
  });

  it('looks for recovery lists at most once a second', () => {
    const state = new PageState();
    expect(state.listsDue(5000)).toBe(true);
    expect(state.listsDue(5000 + LIST_SCAN_MS - 1)).toBe(false);
    expect(state.listsDue(5000 + LIST_SCAN_MS)).toBe(true);
  });
});
