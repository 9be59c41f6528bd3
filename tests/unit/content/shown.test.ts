// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { isShown } from '../../../entrypoints/content/shown';

/** happy-dom lays nothing out: boxes and visibility come from these stubs, as a browser would report them. */
function stub(
  el: Element,
  rect: { x: number; y: number; w: number; h: number },
  visible = { rendered: true, opaque: true },
) {
  el.getBoundingClientRect = () => new DOMRect(rect.x, rect.y, rect.w, rect.h);
  (el as unknown as { checkVisibility: (o?: { opacityProperty?: boolean }) => boolean }).checkVisibility = (o) =>
    visible.rendered && (o?.opacityProperty ? visible.opaque : true);
}

describe('a field is shown only if a person can see it (issue 14, finding 2)', () => {
  it('counts a plain visible field', () => {
    document.body.innerHTML = '<input id="f">';
    const f = document.getElementById('f') as Element;
    stub(f, { x: 10, y: 10, w: 120, h: 30 });
    expect(isShown(f)).toBe(true);
  });

  it('refuses a transparent field, a tiny one, and one placed where no scrolling reaches', () => {
    document.body.innerHTML = '<input id="f">';
    const f = document.getElementById('f') as Element;
    stub(f, { x: 10, y: 10, w: 120, h: 30 }, { rendered: true, opaque: false });
    expect(isShown(f)).toBe(false);
    stub(f, { x: 10, y: 10, w: 1, h: 1 });
    expect(isShown(f)).toBe(false);
    stub(f, { x: -500, y: 10, w: 120, h: 30 });
    expect(isShown(f)).toBe(false);
    stub(f, { x: 10, y: 10, w: 120, h: 30 }, { rendered: false, opaque: true });
    expect(isShown(f)).toBe(false);
  });

  it('counts a transparent input laid over the visible boxes of a segmented widget', () => {
    document.body.innerHTML = '<div><div id="w"><input id="f"><span id="a"></span><span id="b"></span></div></div>';
    const f = document.getElementById('f') as Element;
    stub(f, { x: 0, y: 0, w: 240, h: 40 }, { rendered: true, opaque: false });
    stub(document.getElementById('a') as Element, { x: 0, y: 0, w: 40, h: 40 });
    stub(document.getElementById('b') as Element, { x: 50, y: 0, w: 40, h: 40 });
    stub(document.getElementById('w') as Element, { x: 0, y: 0, w: 240, h: 40 });
    expect(isShown(f)).toBe(true);
    // The same boxes elsewhere on the page do not make an invisible field count.
    stub(document.getElementById('a') as Element, { x: 500, y: 300, w: 40, h: 40 });
    stub(document.getElementById('b') as Element, { x: 550, y: 300, w: 40, h: 40 });
    expect(isShown(f)).toBe(false);
  });
});
