import browser from 'webextension-polyfill';

/** Thin adapter over `runtime.onInstalled`: `run` once, when the extension is first installed (not on updates). */
export function onFirstInstall(run: () => void): void {
  browser.runtime.onInstalled.addListener(({ reason, temporary }) => {
    // Firefox reports a temporary (about:debugging) load as an install too; it is a fresh install as well.
    if (reason === 'install' || temporary === true) run();
  });
}
