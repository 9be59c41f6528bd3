import { BackIcon } from './icons';

/** A sub-view's top bar: "Back" to the account list, and the view's title. */
export function ViewHeader({ title, onBack }: { title: string; onBack(): void }) {
  return (
    <header class="view-header">
      <button type="button" id="back" class="icon-button back" onClick={onBack}>
        <BackIcon />
        <span>Back</span>
      </button>
      <h1>{title}</h1>
    </header>
  );
}
