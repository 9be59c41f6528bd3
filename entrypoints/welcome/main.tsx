import { render } from 'preact';
import { FirstRun, type FirstRunApi } from '../../components/FirstRun';
import { browserFamily } from '../../platform/browser-family';
import { sendRequest } from '../../platform/runtime-messaging';
import { prfAvailability } from '../../platform/webauthn';
import { localizePage } from '../popup/localize-page';
import '../popup/style.css';
import './welcome.css';

/*
 * The tab a fresh install opens (entrypoints/background/index.ts): a page laid out for a tab, not the popup's
 * column (docs/first-run.md).
 */
const api: FirstRunApi = {
  state: async () => (await sendRequest({ type: 'vault-state' })).state,
  create: async (password) => void (await sendRequest({ type: 'vault-create', password })),
};

localizePage('welcome_page_title');
render(
  <FirstRun api={api} family={browserFamily()} keysOffered={prfAvailability() === 'available'} />,
  document.getElementById('app') as HTMLElement,
);
