import { render } from 'preact';
import { App } from './App';
import { openVault } from './use-vault';
import './style.css';

// Ask the background for the vault before rendering anything: the answer is what the popup shows.
void openVault().catch(() => undefined);
render(<App />, document.getElementById('app') as HTMLElement);
