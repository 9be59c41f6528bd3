import { detectOtpFields } from '../../../lib/detect/detect';
import type { Detection, FieldKind } from '../../../lib/detect/types';

/**
 * happy-dom has no layout, so visibility comes from what a page can say without CSS files: the hidden
 * attribute, aria-hidden, inline display:none / visibility:hidden, or data-test-hidden, on the element or
 * any ancestor (crossing shadow roots).
 */
export function isVisibleForTests(el: Element): boolean {
  for (let e: Element | null = el; e; e = parentOrHost(e)) {
    if (e.hasAttribute('hidden') || e.getAttribute('aria-hidden') === 'true' || e.hasAttribute('data-test-hidden'))
      return false;
    const style = e.getAttribute('style') ?? '';
    if (/display\s*:\s*none|visibility\s*:\s*hidden/i.test(style)) return false;
  }
  return true;
}

function parentOrHost(e: Element): Element | null {
  if (e.parentElement) return e.parentElement;
  const root = e.getRootNode();
  return root && 'host' in root ? ((root as ShadowRoot).host ?? null) : null;
}

/**
 * Parses a whole HTML page into a fresh document. Declarative shadow roots (<template shadowrootmode>)
 * are attached by hand: browsers do that while parsing, happy-dom's parser does not.
 */
export function parsePage(html: string): Document {
  const doc = new DOMParser().parseFromString(html, 'text/html');
  attachDeclarativeShadowRoots(doc);
  return doc;
}

function attachDeclarativeShadowRoots(root: ParentNode): void {
  for (const template of [...root.querySelectorAll('template[shadowrootmode]')] as HTMLTemplateElement[]) {
    const host = template.parentElement;
    if (!host) continue;
    const mode = template.getAttribute('shadowrootmode') === 'closed' ? 'closed' : 'open';
    const shadow = host.attachShadow({ mode });
    shadow.appendChild(template.content.cloneNode(true));
    template.remove();
    attachDeclarativeShadowRoots(shadow);
  }
}

/** Puts `html` in the shared test document's body and runs the detector on the document. */
export function detectIn(html: string, isVisible: (el: Element) => boolean = isVisibleForTests): Detection[] {
  document.title = '';
  document.body.innerHTML = html;
  return detectOtpFields(document, { isVisible });
}

/** A compact view of detections for assertions: kind and the name/id of each field. */
export function summary(dets: Detection[]): { kind: FieldKind; fields: string[] }[] {
  return dets.map((d) => ({
    kind: d.kind,
    fields: d.fields.map((f) => f.id || f.name || f.getAttribute('aria-label') || '?'),
  }));
}

/** Kinds of all detections, best first. */
export function kinds(dets: Detection[]): FieldKind[] {
  return dets.map((d) => d.kind);
}

/** A page with one field and some text around it, the shape most unit tests need. */
export function page(opts: { heading?: string; text?: string; field: string; after?: string; title?: string }): string {
  return `<main>${opts.heading ? `<h2>${opts.heading}</h2>` : ''}${opts.text ? `<p>${opts.text}</p>` : ''}<form>${opts.field}<button type="submit">OK</button>${opts.after ?? ''}</form></main>`;
}
