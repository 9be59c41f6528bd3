import browser from 'webextension-polyfill';

/** Thin adapter over `runtime.onInstalled`: `run` once, when the extension is first installed (not on updates). */
export function onFirstInstall(run: () => void): void {
  browser.runtime.onInstalled.addListener(({ reason }) => {
    // Updates and reloads (also of a temporary add-on in Firefox) report 'update' and keep the vault: no welcome.
    if (reason === 'install') run();
  });
}
