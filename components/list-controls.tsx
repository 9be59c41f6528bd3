import { type MessageKey, t } from '../lib/i18n/translate';
import { LIST_SORTS, type ListSort } from '../lib/vault/settings';

const SORT_NAMES: Record<ListSort, MessageKey> = {
  custom: 'listui_sort_custom',
  name: 'listui_sort_name',
  recent: 'listui_sort_recent',
};

/** The value of "All groups" in the filter (group names are never empty, '' is "No group"). */
const ALL = '\u0000all';

/** Above the list: how it is sorted, and, once accounts have groups, which group to show. */
export function ListControls({
  sort,
  onSort,
  groups,
  hasUngrouped,
  filter,
  onFilter,
}: {
  sort: ListSort;
  onSort(sort: ListSort): void;
  /** Group names in use; the filter shows only when there is one. */
  groups: readonly string[];
  /** Some accounts have no group: the filter offers "No group". */
  hasUngrouped: boolean;
  filter: string | undefined;
  onFilter(group: string | undefined): void;
}) {
  return (
    <div class="list-controls">
      <label class="list-control">
        <span>{t('listui_sort_label')}</span>
        <select id="list-sort" value={sort} onChange={(e) => onSort(e.currentTarget.value as ListSort)}>
          {LIST_SORTS.map((s) => (
            <option key={s} value={s}>
              {t(SORT_NAMES[s])}
            </option>
          ))}
        </select>
      </label>
      {groups.length > 0 && (
        <label class="list-control">
          <span>{t('listui_filter_label')}</span>
          <select
            id="list-filter"
            value={filter ?? ALL}
            onChange={(e) => onFilter(e.currentTarget.value === ALL ? undefined : e.currentTarget.value)}
          >
            <option value={ALL}>{t('listui_filter_all')}</option>
            {groups.map((g) => (
              <option key={g} value={g}>
                {g}
              </option>
            ))}
            {hasUngrouped && <option value="">{t('listui_no_group')}</option>}
          </select>
        </label>
      )}
    </div>
  );
}
