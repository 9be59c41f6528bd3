import { t } from '../lib/i18n/translate';
import { Field } from './Field';

/**
 * The master password typed again before anything that reveals secrets, so an unlocked browser left alone does
 * not hand them out (docs/architecture.md attack 12; the background checks it, docs/import-export.md "Exports"). `id`
 * names the input; its hint is `${id}-hint`, as Field draws it.
 */
export function MasterPasswordField({
  id,
  value,
  onInput,
}: {
  id: string;
  value: string;
  onInput: (value: string) => void;
}) {
  return (
    <Field id={id} label={t('exports_master_label')} hint={t('exports_master_hint')}>
      <input
        id={id}
        type="password"
        autocomplete="current-password"
        aria-describedby={`${id}-hint`}
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </Field>
  );
}
