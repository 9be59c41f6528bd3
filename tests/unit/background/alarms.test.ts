import { describe, expect, it, vi } from 'vitest';

// The alarms API as Chrome documents it: create() with an existing name replaces the alarm and
// restarts its period (https://developer.chrome.com/docs/extensions/reference/api/alarms#method-create).
const alarms = new Map<string, { periodInMinutes: number }>();
const create = vi.fn(async (name: string, info: { periodInMinutes: number }) => void alarms.set(name, info));
vi.mock('webextension-polyfill', () => ({
  default: {
    alarms: {
      get: async (name: string) => (alarms.has(name) ? { name, ...alarms.get(name) } : undefined),
      create,
      onAlarm: { addListener: () => {} },
    },
  },
}));

const { everyMinute } = await import('../../../platform/alarms');

describe('everyMinute', () => {
  it('creates the alarm once, and a restarted worker does not push it back by creating it again', async () => {
    everyMinute('auto-lock', () => {});
    await vi.waitFor(() => expect(create).toHaveBeenCalledTimes(1));
    // Worker restarts (a page's request wakes it each time).
    for (let i = 0; i < 5; i++) everyMinute('auto-lock', () => {});
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(create).toHaveBeenCalledTimes(1);
  });
});
