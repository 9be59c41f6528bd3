import { t } from '../lib/i18n/translate';
import { Field } from './Field';

/**
 * The master password typed again before anything that reveals secrets (issue 14 finding 12; the background checks
 * it, docs/import-export.md). `id` names the input; its hint is `${id}-hint`, as Field draws it.
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
