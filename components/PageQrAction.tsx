/**
 * The popup's first action when the tab shows a QR code carrying an otpauth link: "Add the QR code on this page".
 * Renders nothing while no such code was found.
 */
export function PageQrAction(_props: { tabId: number | undefined; onAdd(): void }) {
  return null;
}
