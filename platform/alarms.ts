import browser from 'webextension-polyfill';

/**
 * Thin adapter over the alarms API: one named repeating alarm and its listener. The alarm is created
 * only when it does not exist yet: creating it again replaces it and restarts its period
 * (https://developer.chrome.com/docs/extensions/reference/api/alarms#method-create: "If there is
 * another alarm with the same name …, it will be cancelled and
 * replaced"), so a worker woken every few seconds by pages would never let it fire.
 */
export function everyMinute(name: string, onFire: () => void): void {
  void browser.alarms.get(name).then(async (existing) => {
    if (!existing) await browser.alarms.create(name, { periodInMinutes: 1 });
  });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === name) onFire();
  });
}
