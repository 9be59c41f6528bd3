import browser from 'webextension-polyfill';

/** Thin adapter over the alarms API: one named repeating alarm and its listener. */
export function everyMinute(name: string, onFire: () => void): void {
  void browser.alarms.create(name, { periodInMinutes: 1 });
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === name) onFire();
  });
}
