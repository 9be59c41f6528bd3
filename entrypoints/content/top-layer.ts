/**
 * A host element for Twofold's own UI in the page, its content in a closed shadow root with its own style: the
 * page's styles do not reach inside, and its scripts cannot read or change the content through the host. The host
 * itself is an element of the page's DOM: the page can style (hide, cover) or remove it, and see it added.
 */
export function closedHost(doc: Document, tag: string, css: string): { host: HTMLElement; root: ShadowRoot } {
  const host = doc.createElement(tag);
  const root = host.attachShadow({ mode: 'closed' });
  const style = doc.createElement('style');
  style.textContent = css;
  root.append(style);
  return { host, root };
}

/**
 * Puts Twofold's own element above everything in the page. A modal <dialog> sits in the top layer and makes the
 * rest of the page inert: the element goes inside that dialog, and is itself shown in the top layer (a manual
 * popover, https://html.spec.whatwg.org/multipage/popover.html), above everything.
 */
export function showOnTop(doc: Document, host: HTMLElement): void {
  const modal = doc.querySelector('dialog:modal');
  (modal ?? doc.documentElement).append(host);
  host.setAttribute('popover', 'manual');
  try {
    host.showPopover();
  } catch {
    // No popover support: a high z-index on the element's own layer still covers ordinary pages.
  }
}
