/*
 * Segmented code inputs: 4 to 8 boxes, one character each, that together take one code
 * (docs/detection.md "Segmented boxes": often six maxlength=1 boxes, one-time-code sometimes only on the first, a
 * hidden mirror). Everything else is a single field; that includes one real input drawn as six <div> slots, which needs
 * nothing special because the slots are not inputs.
 */

/** One place that takes a code: a single input, or boxes in digit order. */
export interface Unit {
  fields: HTMLInputElement[];
  /** Where reading the surrounding text starts: the input itself, or the boxes' common container. */
  anchor: Element;
  segmented: boolean;
}

const MIN_BOXES = 4;
const MAX_BOXES = 8;
/** Wrapper levels climbed to find a box's slot (<div class="slot"><input></div>). */
const SLOT_LEVELS = 3;
/** Clusters larger than this are grids or long forms; no visibility calls are spent on them. */
const MAX_CLUSTER = 24;

interface Slotted {
  input: HTMLInputElement;
  container: Element | null;
}

/**
 * Groups eligible inputs (tree order) into units. `isVisible` is called only for inputs in clusters that
 * may be boxes, so that a hidden mirror input next to the boxes (display:none, a value carrier) is not
 * counted as a box.
 */
export function groupUnits(inputs: HTMLInputElement[], isVisible: (el: Element) => boolean): Unit[] {
  const slotted = inputs.map(slotOf);
  const units: Unit[] = [];
  const pending: { run: HTMLInputElement[]; container: Element | null }[] = [];
  let i = 0;
  while (i < slotted.length) {
    const first = slotted[i] as Slotted;
    let j = i + 1;
    while (j < slotted.length && first.container !== null && (slotted[j] as Slotted).container === first.container) j++;
    const cluster = slotted.slice(i, j).map((s) => s.input);
    i = j;
    if (cluster.length < 2 || cluster.length > MAX_CLUSTER || cluster.filter(boxy).length < 2) {
      pending.push(...cluster.map((input) => ({ run: [input], container: first.container })));
      continue;
    }
    // Visibility is asked only when the cluster holds a run at all (a form of indexed field names has none).
    const runs = splitRuns(cluster);
    const visible = runs.some((r) => r.length >= 2) ? cluster.filter((el) => isVisible(el)) : undefined;
    for (const run of visible ? splitRuns(visible) : runs) pending.push({ run, container: first.container });
  }
  // Merge short runs in sibling containers ("123 - 456" drawn as two groups of three).
  for (let k = 0; k < pending.length; k++) {
    const a = pending[k] as { run: HTMLInputElement[]; container: Element | null };
    const b = pending[k + 1];
    if (
      b &&
      a.run.length >= 2 &&
      b.run.length >= 2 &&
      a.run.length + b.run.length >= MIN_BOXES &&
      a.run.length + b.run.length <= MAX_BOXES &&
      a.container &&
      b.container &&
      a.container !== b.container &&
      a.container.parentElement === b.container.parentElement &&
      sameBoxKind([...a.run, ...b.run])
    ) {
      units.push({ fields: [...a.run, ...b.run], anchor: a.container.parentElement ?? a.container, segmented: true });
      k++;
      continue;
    }
    if (a.run.length >= MIN_BOXES && a.run.length <= MAX_BOXES && a.container) {
      units.push({ fields: a.run, anchor: a.container, segmented: true });
    } else {
      for (const input of a.run) units.push({ fields: [input], anchor: input, segmented: false });
    }
  }
  return units;
}

/** The input's container: the nearest ancestor holding more than this one input (within SLOT_LEVELS wrappers). */
function slotOf(input: HTMLInputElement): Slotted {
  let container = input.parentElement;
  for (let level = 0; container && level < SLOT_LEVELS; level++) {
    if (container.getElementsByTagName('input').length > 1) break;
    container = container.parentElement;
  }
  return { input, container };
}

function maxLen(input: HTMLInputElement): number {
  const v = Number.parseInt(input.getAttribute('maxlength') ?? '', 10);
  return Number.isFinite(v) ? v : -1;
}

/** The name without a trailing index: "2fa3" -> "2fa", "otp[2]" -> "otp", "digit-4" -> "digit". */
function stem(name: string): string {
  return name.replace(/[[\]_\-.]*\d+\]*$/, '');
}

/** Could be one box of several: one or two characters, an indexed name or id, or a one-character placeholder. */
function boxy(input: HTMLInputElement): boolean {
  const m = maxLen(input);
  return (
    (m >= 1 && m <= 2) ||
    /\d\]?$/.test(input.name) ||
    /\d$/.test(input.id) ||
    [...(input.getAttribute('placeholder') ?? '')].length === 1
  );
}

/**
 * Maximal runs of boxes within one cluster. A run is either
 *  A) boxes with maxlength 1-2 after the first, same type, same name stem or no names. The first box may
 *     instead accept the whole pasted code (Authelia's first slot: maxlength=6, the only one-time-code),
 *     but then its maxlength must be the run's length, so an unrelated field before the boxes is not
 *     swallowed; or
 *  B) boxes without maxlength and identical presentation (type, inputmode, class) that differ only by
 *     an index in their name or id (cal.com's 2fa1..2fa6, "pin-input-:r1:-0".."-5"), or that carry the
 *     same accessible name or one-character placeholder (a component labelling every box alike).
 * Inputs outside runs come back as runs of one.
 */
function splitRuns(cluster: HTMLInputElement[]): HTMLInputElement[][] {
  const out: HTMLInputElement[][] = [];
  let i = 0;
  while (i < cluster.length) {
    let j = i + 1;
    while (
      j < cluster.length &&
      compatible(cluster[i] as HTMLInputElement, cluster[i + 1] as HTMLInputElement, cluster[j] as HTMLInputElement)
    )
      j++;
    const first = cluster[i] as HTMLInputElement;
    const firstMax = maxLen(first);
    if (j - i >= 2 && firstMax > 2 && firstMax !== j - i) {
      // A different first input that is not a paste target for exactly these boxes: not part of them.
      out.push([first]);
      i++;
    } else if (j - i >= 2 && j - i <= MAX_BOXES) {
      out.push(cluster.slice(i, j));
      i = j;
    } else if (j - i > MAX_BOXES) {
      // A grid of one-character inputs longer than any code: not boxes of one code.
      for (const input of cluster.slice(i, j)) out.push([input]);
      i = j;
    } else {
      out.push([first]);
      i++;
    }
  }
  return out;
}

/** Whether `box` continues a run that starts with `first` and whose second box is `second`. */
function compatible(first: HTMLInputElement, second: HTMLInputElement, box: HTMLInputElement): boolean {
  if (box.type !== first.type || stem(box.name) !== stem(first.name)) return false;
  const m = maxLen(box);
  if (m >= 1 && m <= 2) {
    // Path A: every box after the first holds one or two characters.
    return maxLen(first) !== 0;
  }
  // Path B: no maxlength anywhere, identical presentation, and something that says "same box, next index".
  if (m !== -1 || maxLen(first) !== -1) return false;
  for (const other of [first, second]) {
    if (box.getAttribute('inputmode') !== other.getAttribute('inputmode') || box.className !== other.className)
      return false;
  }
  return indexedAlike(first, box, 'name') || indexedAlike(first, box, 'id') || sameBoxLabel(first, box);
}

/** Both values end in an index and agree before it ("2fa1"/"2fa4", "pin-:r1:-0"/"pin-:r1:-3"). */
function indexedAlike(a: HTMLInputElement, b: HTMLInputElement, attr: 'name' | 'id'): boolean {
  const x = a.getAttribute(attr) ?? '';
  const y = b.getAttribute(attr) ?? '';
  return x !== y && /\d\]?$/.test(x) && /\d\]?$/.test(y) && stem(x) === stem(y) && stem(x) !== '';
}

/** The same non-empty aria-label, or the same one-character placeholder ("○", "-", "•"), on both. */
function sameBoxLabel(a: HTMLInputElement, b: HTMLInputElement): boolean {
  if (a.name !== '' || b.name !== '') return false;
  const label = a.getAttribute('aria-label');
  if (label && label === b.getAttribute('aria-label')) return true;
  const ph = a.getAttribute('placeholder') ?? '';
  return [...ph].length === 1 && ph === b.getAttribute('placeholder');
}

function sameBoxKind(run: HTMLInputElement[]): boolean {
  const first = run[0] as HTMLInputElement;
  return run.every((b, k) => b.type === first.type && (k === 0 || (maxLen(b) >= 1 && maxLen(b) <= 2)));
}
