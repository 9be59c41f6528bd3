import { render } from 'preact';
import { KeysApp } from './KeysApp';
import '../popup/style.css';
import '../options/options.css';

render(<KeysApp />, document.getElementById('app') as HTMLElement);
