import { render } from 'preact';
import { localizePage } from '../popup/localize-page';
import { OptionsApp } from './OptionsApp';
import '../popup/style.css';
import '../popup/unlock-keys.css';
import './options.css';

localizePage('options_page_title');
render(<OptionsApp />, document.getElementById('app') as HTMLElement);
