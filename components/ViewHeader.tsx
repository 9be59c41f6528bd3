import { t } from '../lib/i18n/translate';
import { BackIcon } from './icons';

/** A sub-view's top bar: "Back" to the account list, and the view's title. */
export function ViewHeader({ title, onBack, level = 1 }: { title: string; onBack(): void; level?: 1 | 3 }) {
  const Heading = level === 1 ? 'h1' : 'h3';
  return (
    <header class="view-header">
      <button type="button" id="back" class="icon-button back" onClick={onBack}>
        <BackIcon />
        <span>{t('common_back')}</span>
      </button>
      <Heading>{title}</Heading>
    </header>
  );
}
