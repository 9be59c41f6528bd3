// Loaded first by every hostile page (docs/architecture.md "Attacks and their defences"). Not an attack by itself: it
// is the page's eyes. It records every element that some other script (Twofold's content script) adds to the page, what
// the page can read of it (tag, attributes, size, text, an open shadow root), and every value that lands in the page's
// own fields. Elements the page makes itself carry data-own. The test reads window.__stolen and window.__seen().
window.__stolen = [];
window.__foreign = [];
window.__steal = (what, value) => {
  const entry = `${what}: ${value}`;
  if (!window.__stolen.includes(entry)) window.__stolen.push(entry);
};
const foreign = (node) => node.nodeType === 1 && !node.closest('[data-own]') && document.readyState !== 'loading';
new MutationObserver((records) => {
  for (const record of records) {
    for (const node of record.addedNodes) {
      if (foreign(node) && !window.__foreign.includes(node)) window.__foreign.push(node);
    }
  }
}).observe(document.documentElement, { childList: true, subtree: true });
// Values that reach the page's fields, however they got there.
for (const type of ['input', 'change', 'keyup']) {
  document.addEventListener(
    type,
    (e) => {
      const t = e.composedPath()[0];
      if (t instanceof HTMLInputElement && t.value) window.__steal('field', t.value);
    },
    true,
  );
}
/** What the page can see of the foreign elements still in it. */
window.__seen = () =>
  window.__foreign
    .filter((el) => el.isConnected)
    .map((el) => {
      const r = el.getBoundingClientRect();
      return {
        tag: el.tagName.toLowerCase(),
        attributes: [...el.attributes].map((a) => `${a.name}=${a.value}`),
        width: r.width,
        height: r.height,
        text: el.textContent,
        inner: el.innerText,
        open: el.shadowRoot ? el.shadowRoot.innerHTML : null,
      };
    });
/** Every value ever seen in the page's fields, now. */
window.__fields = () => [...document.querySelectorAll('input')].map((i) => i.value);
