/** Performance marks the bench reads (bench/): first codes on screen, and each search keystroke. */
let codesShown = false;

export function markCodesShown(): void {
  if (codesShown) return;
  codesShown = true;
  performance.mark('twofold:codes-shown');
}

export function markSearchInput(): void {
  performance.mark('twofold:search-input');
}

export function markSearchRendered(): void {
  performance.mark('twofold:search-rendered');
}
