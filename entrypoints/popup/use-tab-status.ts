import { useEffect, useState } from 'preact/hooks';
import type { PageQrFound } from '../../components/PageQrAction';
import { t } from '../../lib/i18n/translate';
import { sendRequest } from '../../platform/runtime-messaging';
import { targetTabId } from './target-tab';

/** What Twofold noticed on the tab this popup acts on. */
export interface TabFacts {
  /** As a sentence ('' until known). */
  text: string;
  tabId: number | undefined;
  /** The accounts whose code can be filled into the tab's code field (the popup's "Fill",
   * `popup-fill` in docs/messages.md). */
  fillable: ReadonlySet<string>;
  /** Twofold found a code field in the tab (so it may be told "Never offer on this site"). */
  codeField: boolean;
  /** Two-factor QR codes the tab's pages showed (docs/qr-notice.md), once the page's own look found them. */
  qr?: PageQrFound;
}

const NONE: ReadonlySet<string> = new Set();

/**
 * While no QR code was found the tab is asked again this often, this many times: the page's look (a setup page's
 * pictures read and decoded) may finish just after the popup opened.
 */
const QR_RETRY_MS = 700;
const QR_RETRIES = 6;

/**
 * Asks the background about the tab once, and again whenever `unlocked` turns true (the fillable accounts are only
 * known with the vault open). The tab is the one a window was opened for, else the active one (target-tab.ts).
 */
export function useTabStatus(unlocked: boolean): TabFacts {
  const [facts, setFacts] = useState<TabFacts>({ text: '', tabId: undefined, fillable: NONE, codeField: false });
  useEffect(() => {
    let live = true;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let left = QR_RETRIES;
    const ask = async () => {
      const tabId = await targetTabId();
      if (tabId === undefined || !live) return;
      const status = await sendRequest({ type: 'tab-status', tabId });
      if (!live) return;
      setFacts({
        text: status.otpFields > 0 ? t('add_tab_code_field') : t('add_tab_no_code_field'),
        tabId,
        fillable: unlocked ? new Set(status.fillable) : NONE,
        codeField: status.otpFields > 0,
        ...(status.qr ? { qr: status.qr } : {}),
      });
      if (!status.qr) timer = setTimeout(() => void askQr(tabId).catch(() => {}), QR_RETRY_MS);
    };
    // Later asks change only the QR notice, and only once it is found: the list is not rendered again for nothing.
    const askQr = async (tabId: number) => {
      const { qr } = await sendRequest({ type: 'tab-status', tabId });
      if (!live) return;
      if (qr) setFacts((f) => ({ ...f, qr }));
      else if (--left > 0) timer = setTimeout(() => void askQr(tabId).catch(() => {}), QR_RETRY_MS);
    };
    void ask().catch(() => setFacts({ text: '', tabId: undefined, fillable: NONE, codeField: false }));
    return () => {
      live = false;
      if (timer !== undefined) clearTimeout(timer);
    };
  }, [unlocked]);
  return facts;
}
