import { render } from 'preact';
import { localizePage } from '../popup/localize-page';
import { OptionsApp } from './OptionsApp';
import '../popup/style.css';
import './options.css';

localizePage('common_app_name');
render(<OptionsApp />, document.getElementById('app') as HTMLElement);
