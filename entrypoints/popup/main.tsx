import { render } from 'preact';
import { App } from './App';
import { localizePage } from './localize-page';
import { openVault } from './use-vault';
import './style.css';
import './unlock-keys.css';

localizePage('common_app_name');
// Ask the background for the vault before rendering anything: the answer is what the popup shows.
void openVault().catch(() => undefined);
render(<App />, document.getElementById('app') as HTMLElement);
