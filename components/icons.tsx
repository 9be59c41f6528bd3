/*
 * Line icons drawn by CSS masks (style.css, `.i-*`): one empty element each, so a list of 1,000
 * rows does not carry thousands of SVG nodes. Decorative: the button around each carries the name.
 */
function icon(name: string) {
  return () => <span class={`icon i-${name}`} aria-hidden="true" />;
}

export const PlusIcon = icon('plus');
export const SettingsIcon = icon('settings');
export const LockIcon = icon('lock');
export const SearchIcon = icon('search');
export const BackIcon = icon('back');
export const UpIcon = icon('up');
export const DownIcon = icon('down');
export const EditIcon = icon('edit');
export const NextIcon = icon('next');
export const ScanIcon = icon('scan');
export const PinIcon = ({ filled }: { filled: boolean }) => (
  <span class={filled ? 'icon i-pin-filled' : 'icon i-pin'} aria-hidden="true" />
);
