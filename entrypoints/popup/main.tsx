import { render } from 'preact';

render(<h1>Twofold</h1>, document.getElementById('app') as HTMLElement);
