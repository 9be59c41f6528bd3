// The attacker's lab for clickjack.html (docs/architecture.md attack 2), loaded only with ?lab: in its own browser with
// Twofold installed, the attacker measures where Twofold draws its controls, using the custom-element trick of
// takeover.html to see into the shadow root. The page the person meets (clickjack.html without ?lab) never loads this;
// it only draws its decoys at the spots measured here. Nothing is measured once the trick stops working.
const taken = [];
for (const name of [
  'twofold-offer',
  'twofold-menu',
  'twofold-button',
  'twofold-frame',
  'twofold-inline',
  'twofold-ui',
]) {
  customElements.define(
    name,
    class extends HTMLElement {
      constructor() {
        super();
        taken.push(this.attachInternals());
      }
    },
  );
}
/** The centre of Twofold's visible button whose text or name matches `source`, or null. */
window.__aim = (source) => {
  const re = new RegExp(source, 'i');
  for (const internals of taken) {
    const root = internals.shadowRoot;
    if (!root) continue;
    for (const b of root.querySelectorAll('button')) {
      const r = b.getBoundingClientRect();
      if (r.width > 0 && re.test(`${b.textContent} ${b.getAttribute('aria-label') ?? ''}`)) {
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      }
    }
  }
  return null;
};
