import { currentCode } from '../../lib/otp/code';
import { type OtpParams, STEAM_PERIOD } from '../../lib/otp/types';
import { type AccountView, timeBasedParams } from '../../lib/vault/view';

interface Entry {
  /** What the code depends on; an edit that changes it rebuilds the entry. */
  key: string;
  params: OtpParams | undefined;
  period: number;
  step: number;
  code: string | undefined;
}

/** The code of a time-based account at one moment (undefined for HOTP or an unreadable secret). */
export type CodeOf = (account: AccountView) => string | undefined;

/**
 * Current codes of time-based accounts. Each secret is decoded once per account (the OTP core
 * caches HMAC keys per secret array, so the same array must be reused), and a code is recomputed
 * only when its time step changes. Codes are computed for the rows being rendered, as they render:
 * with 1,000 accounts the first screen does not wait for 1,000 cold HMACs.
 */
export class CodeBook {
  #entries = new Map<string, Entry>();
  /** Unix second at which the next code handed out since the last `at()` changes. */
  nextChangeAt = Number.POSITIVE_INFINITY;

  #entry(a: AccountView): Entry {
    const key = `${a.kind}/${a.algorithm}/${a.digits}/${a.period}/${a.secret}`;
    const known = this.#entries.get(a.id);
    if (known && known.key === key) return known;
    let params: OtpParams | undefined;
    try {
      params = timeBasedParams(a);
    } catch {
      params = undefined;
    }
    const period = a.kind === 'steam' ? STEAM_PERIOD : (a.period ?? 30);
    const entry: Entry = { key, params, period, step: -1, code: undefined };
    this.#entries.set(a.id, entry);
    return entry;
  }

  /** Codes at `unixSeconds` (whole seconds); resets `nextChangeAt` to follow the codes it gives. */
  at(unixSeconds: number): CodeOf {
    this.nextChangeAt = Number.POSITIVE_INFINITY;
    return (a) => {
      if (a.kind === 'hotp') return undefined;
      const e = this.#entry(a);
      if (!e.params) return undefined;
      const step = Math.floor(unixSeconds / e.period);
      if (step !== e.step) {
        try {
          e.code = currentCode(e.params, unixSeconds).code;
        } catch {
          e.code = undefined;
        }
        e.step = step;
      }
      this.nextChangeAt = Math.min(this.nextChangeAt, (step + 1) * e.period);
      return e.code;
    };
  }

  /** Drops entries of accounts no longer listed. */
  retain(accounts: readonly AccountView[]): void {
    if (this.#entries.size <= accounts.length) return;
    const ids = new Set(accounts.map((a) => a.id));
    for (const id of this.#entries.keys()) if (!ids.has(id)) this.#entries.delete(id);
  }
}
