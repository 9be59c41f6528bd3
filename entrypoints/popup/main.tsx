import { openVault } from './use-vault';
import './style.css';
import './unlock-keys.css';

// Ask the background for the vault before anything else: its answer is what the popup shows, and the round trip
// runs while the views' code loads and compiles. This module stays small so the request leaves as early as it can
// (docs/performance.md "The popup with 1,000 accounts (goals: codes within 150 ms, search within a frame)").
void openVault().catch(() => undefined);
void Promise.all([import('preact'), import('./App'), import('./localize-page')]).then(
  ([{ render }, { App }, { localizePage }]) => {
    localizePage('common_app_name');
    render(<App />, document.getElementById('app') as HTMLElement);
  },
);
