import { beforeEach, describe, expect, it, vi } from 'vitest';
import { SyncError } from '../../../lib/sync/errors';

/** browser.permissions as the adapter sees it: records each call, answers as the test says. */
const calls: { method: string; arg: unknown }[] = [];
let answer = true;
vi.mock('webextension-polyfill', () => {
  const record = (method: string) => async (arg: unknown) => {
    calls.push({ method, arg });
    return method === 'remove' ? true : answer;
  };
  return {
    default: { permissions: { request: record('request'), contains: record('contains'), remove: record('remove') } },
  };
});

const { hasOrigin, removeOrigin, requestOrigin } = await import('../../../platform/host-permission');

beforeEach(() => {
  calls.length = 0;
  answer = true;
});

describe('platform/host-permission.ts', () => {
  it('asks for, checks and gives back exactly the folder’s origin: origins only, no port, no API permission', async () => {
    expect(await requestOrigin('https://cloud.example.org:8443/remote.php/dav/files/alice/')).toBe(true);
    answer = false;
    expect(await hasOrigin('http://127.0.0.1:8080/dav')).toBe(false);
    await removeOrigin('https://cloud.example.org/x/');
    expect(calls).toEqual([
      { method: 'request', arg: { origins: ['https://cloud.example.org/*'] } },
      { method: 'contains', arg: { origins: ['http://127.0.0.1/*'] } },
      { method: 'remove', arg: { origins: ['https://cloud.example.org/*'] } },
    ]);
  });

  it('refuses an address Twofold does not talk to without asking the browser', async () => {
    await expect(requestOrigin('http://nas.local/webdav/')).rejects.toBeInstanceOf(SyncError);
    await expect(hasOrigin('https://u:p@cloud.example.org/')).rejects.toMatchObject({ code: 'origin-refused' });
    expect(calls).toEqual([]);
  });
});
