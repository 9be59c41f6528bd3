import { render } from 'preact';
import { OptionsApp } from './OptionsApp';
import '../popup/style.css';
import './options.css';

render(<OptionsApp />, document.getElementById('app') as HTMLElement);
