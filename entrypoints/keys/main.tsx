import { render } from 'preact';
import { localizePage } from '../popup/localize-page';
import { KeysApp } from './KeysApp';
import '../popup/style.css';
import '../options/options.css';

localizePage('common_app_name');
render(<KeysApp />, document.getElementById('app') as HTMLElement);
