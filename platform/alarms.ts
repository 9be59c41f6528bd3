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

/**
 * A repeating alarm created and cleared at run time (sync's 15-minute round, only while sync is on and the vault
 * open). Created only when missing, for the reason above. Its listener is registered apart ({@link onAlarm}), during
 * the worker's first run, so an alarm that wakes the worker finds it.
 */
export function startAlarm(name: string, periodInMinutes: number): void {
  void browser.alarms.get(name).then(async (existing) => {
    if (!existing) await browser.alarms.create(name, { periodInMinutes });
  });
}

export function stopAlarm(name: string): void {
  void browser.alarms.clear(name);
}

export function onAlarm(name: string, onFire: () => void): void {
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === name) onFire();
  });
}
