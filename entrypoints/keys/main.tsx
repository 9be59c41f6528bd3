import { render } from 'preact';
import { localizePage } from '../popup/localize-page';
import { KeysApp } from './KeysApp';
import '../popup/style.css';
import '../popup/unlock-keys.css';
import '../options/options.css';

localizePage('keys_page_title');
render(<KeysApp />, document.getElementById('app') as HTMLElement);
