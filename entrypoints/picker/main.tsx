import { render } from 'preact';
import { useCallback, useEffect, useState } from 'preact/hooks';
import { CrossSitePicker, type CrossSitePickerProps } from '../../components/CrossSitePicker';
import { useSubmit } from '../../components/use-submit';
import { messageOf } from '../../lib/i18n/translate';
import type { ResponseMap } from '../../lib/messaging/protocol';
import { sendRequest } from '../../platform/runtime-messaging';
import { localizePage } from '../popup/localize-page';
import '../popup/style.css';
import './picker.css';

/*
 * The cross-site account picker (docs/architecture.md "Cross-site choices"): opened by the background as its own
 * window with the request's id in the URL's fragment. It asks the background what the request is about, and answers
 * with the person's pick; the background decides everything else.
 */
const id = location.hash.slice(1);

function PickerApp() {
  const [info, setInfo] = useState<ResponseMap['cross-site-request']>();
  const [phase, setPhase] = useState<CrossSitePickerProps['phase']>('loading');
  const { busy, failure, run, fail } = useSubmit();

  useEffect(() => {
    sendRequest({ type: 'cross-site-request', id }).then(
      (reply) => {
        setInfo(reply);
        setPhase('ready');
      },
      (e) => {
        fail(messageOf(e));
        setPhase('failed');
      },
    );
  }, [fail]);

  const onCancel = useCallback(() => window.close(), []);
  const onPick = useCallback(
    (accountId: string, remember: boolean) =>
      void run(async () => {
        await sendRequest({ type: 'cross-site-pick', id, accountId, remember });
        window.close();
      }),
    [run],
  );

  return (
    <CrossSitePicker
      phase={phase}
      site={info?.site}
      origin={info?.origin}
      accounts={info?.accounts ?? []}
      error={failure?.message}
      busy={busy}
      onPick={onPick}
      onCancel={onCancel}
    />
  );
}

localizePage('picker_page_title');
render(<PickerApp />, document.getElementById('app') as HTMLElement);
