import { render } from 'preact';
import { localizePage } from './localize-page';
import { App } from './App';
import { openVault } from './use-vault';
import './style.css';

localizePage('common_app_name');
// Ask the background for the vault before rendering anything: the answer is what the popup shows.
void openVault().catch(() => undefined);
render(<App />, document.getElementById('app') as HTMLElement);
