/** Closes the popup (the toolbar's, or the window the background opened it in): its job is done. */
export function closePopup(): void {
  window.close();
}
