import { describe, expect, it } from 'vitest';
import { beforeRequest, countsAsUse } from '../../../entrypoints/background/request-gate';
import { ALLOWED_SENDERS, type RequestType } from '../../../lib/messaging/protocol';

const TYPES = Object.keys(ALLOWED_SENDERS) as RequestType[];

/** Records what the gate asks of the session, in order. */
function recorder(locks: boolean) {
  const calls: string[] = [];
  return {
    calls,
    session: {
      lockIfIdle: async () => {
        calls.push('lockIfIdle');
        return locks;
      },
      touch: async () => {
        calls.push('touch');
      },
    },
  };
}

describe('the request gate', () => {
  it('checks the auto-lock deadline first for every request from every context', async () => {
    for (const type of TYPES) {
      for (const from of ['content', 'extension-page', 'offer-frame'] as const) {
        const { calls, session } = recorder(false);
        await beforeRequest(session, from, type);
        expect(calls[0], `${from} ${type}`).toBe('lockIfIdle');
      }
    }
  });

  it('never counts a request from a web page as use', async () => {
    for (const type of TYPES) {
      expect(countsAsUse('content', type), type).toBe(false);
      const { calls, session } = recorder(false);
      await beforeRequest(session, 'content', type);
      expect(calls).toEqual(['lockIfIdle']);
    }
  });

  it("counts Twofold's own pages as use, except the popup's state check", async () => {
    expect(countsAsUse('extension-page', 'vault-state')).toBe(false);
    expect(countsAsUse('extension-page', 'accounts-list')).toBe(true);
    expect(countsAsUse('extension-page', 'activity')).toBe(true);
    const { calls, session } = recorder(true);
    await beforeRequest(session, 'extension-page', 'accounts-list');
    expect(calls).toEqual(['lockIfIdle', 'touch']);
  });

  it('never counts the status reads a page polls by itself as use (finding H1: the 30 s sync-status poll)', async () => {
    for (const type of ['vault-state', 'sync-status', 'tab-status', 'backup-status'] as const) {
      expect(countsAsUse('extension-page', type), type).toBe(false);
      const { calls, session } = recorder(false);
      await beforeRequest(session, 'extension-page', type);
      expect(calls, type).toEqual(['lockIfIdle']);
    }
    expect(countsAsUse('extension-page', 'sync-now')).toBe(true);
  });

  it('never counts what a page can make the in-page offer frame ask by itself; only a pick counts (finding 8)', () => {
    for (const type of TYPES) {
      expect(countsAsUse('offer-frame', type), type).toBe(type === 'offer-pick');
    }
  });
});
