import { type Ok, request } from '../define';
import { id, sites } from '../fields';
import { int, obj, oneOf, str } from '../schema';

const slotId = str(8, 1);
const pin = str(25, 1);

/** A plugged-in hardware key as pages see it: names and settings, never a secret or a PIN. */
export interface KeyView {
  id: string;
  /** "Nitrokey Pro" */
  name: string;
  firmware: string;
  serial: string;
  /** Codes need the key's user PIN (once per plug-in). */
  pinRequired: boolean;
  unlocked: boolean;
  userRetries: number;
  adminRetries: number;
  /** 'needs-confirmation': the key's clock is ahead; setting it back needs the user's OK (docs/hardware-keys.md). */
  clock: 'ok' | 'needs-confirmation';
  slots: {
    id: string;
    kind: 'totp' | 'hotp';
    index: number;
    /** "TOTP slot 1" */
    label: string;
    name: string;
    digits: number;
    period?: number;
    sites: string[];
  }[];
}

/** Hardware keys (docs/hardware-keys.md): all device I/O is in the background, one command per key at a time. */
export const keyRequests = {
  'keys-list': request<{ available: boolean; keys: KeyView[]; failures: { name: string; message: string }[] }>()({
    from: ['extension-page'],
    doc: 'the paired keys that are plugged in, with their slots (no codes)',
    payload: obj({}),
  }),
  'keys-changed': request<Ok>()({
    from: ['extension-page'],
    doc: 'a key was paired in the keys page: identities are read again',
    payload: obj({}),
  }),
  'key-code': request<{ code: string; secondsLeft?: number }>()({
    from: ['extension-page'],
    doc: 'a code from one slot of a key',
    payload: obj({ keyId: id, slotId }),
  }),
  'key-unlock': request<Ok>()({
    from: ['extension-page'],
    doc: 'the key’s user PIN, sent once; the key answers with nothing but ok or wrong (never retried)',
    payload: obj({ keyId: id, pin }),
  }),
  'key-set-clock': request<Ok>()({
    from: ['extension-page'],
    doc: 'the user confirmed the clock warning: sets the key’s clock even though it is ahead',
    payload: obj({ keyId: id }),
  }),
  'key-bind': request<Ok>()({
    from: ['extension-page'],
    doc: 'the sites a key slot’s codes are offered on',
    payload: obj({ keyId: id, slotId, sites }),
  }),
  'key-write': request<Ok & { name: string }>()({
    from: ['extension-page'],
    doc: 'writes a vault account’s secret into a slot of the key (with the admin PIN)',
    payload: obj({ keyId: id, accountId: id, kind: oneOf('totp', 'hotp'), index: int(0, 14), adminPin: pin }),
  }),
  'key-erase': request<Ok>()({
    from: ['extension-page'],
    doc: 'erases a slot of the key (with the admin PIN)',
    payload: obj({ keyId: id, slotId, adminPin: pin }),
  }),
} as const;
