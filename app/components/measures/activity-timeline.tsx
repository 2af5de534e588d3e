import type { MessageKey } from '~/lib/i18n/messages';
import { isMessageKey } from '~/lib/i18n/messages';
import type { ActivityEntry } from '~/lib/measures/measures.server';
import { DateTime } from '../date-time';
import { useT } from '../i18n';

const FIELD_LABELS: Record<string, MessageKey> = {
  title: 'measure.title',
  summary: 'measure.summary',
  kind: 'measure.kind',
  status: 'measure.status',
  discard_reason: 'measure.discardReason',
  horizon: 'measure.horizon',
  start_date: 'measure.startDate',
  due_date: 'measure.dueDate',
  progress: 'measure.progress',
  visibility: 'measure.visibility',
  working_group_id: 'measure.group',
  theme_id: 'measure.theme',
  code: 'measure.code',
  new_structure_justification: 'measure.justification',
  role: 'measure.organizationRoleLabel',
};

const VALUE_PREFIX: Record<string, string> = {
  status: 'measure.status.',
  kind: 'measure.kind.',
  horizon: 'measure.horizon.',
  visibility: 'measure.visibility.',
  role: 'measure.role.',
};

/** The measure's history: who changed which field from what to what. */
export function ActivityTimeline({
  entries,
  organizationNames,
  networkNames = {},
}: {
  entries: ActivityEntry[];
  organizationNames: Record<string, string>;
  networkNames?: Record<string, string>;
}) {
  const t = useT();
  const format = (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return t('activity.empty.value');
    const key = `${VALUE_PREFIX[field] ?? ''}${String(value)}`;
    if (VALUE_PREFIX[field] && isMessageKey(key)) return t(key);
    if (field === 'working_group_id' || field === 'theme_id') return '…';
    const text = String(value);
    return text.length > 80 ? `${text.slice(0, 80)}…` : text;
  };
  if (entries.length === 0) return <p>{t('activity.empty')}</p>;
  return (
    <ol className="timeline">
      {entries.map((entry) => {
        const actionKey = `activity.${entry.action}`;
        const changes = entry.changes as Record<string, unknown>;
        const subject =
          typeof changes.organization_id === 'string'
            ? organizationNames[changes.organization_id]
            : typeof changes.network_id === 'string'
              ? networkNames[changes.network_id]
              : undefined;
        const fieldChanges = Object.entries(entry.changes).filter(
          ([field, value]) =>
            Array.isArray(value) &&
            FIELD_LABELS[field] &&
            entry.action !== 'measure.created' &&
            JSON.stringify(value[0]) !== JSON.stringify(value[1]),
        );
        return (
          <li key={entry.activityId}>
            <DateTime iso={entry.createdAt} />
            <strong>{entry.actorName ?? t('activity.unknownActor')}</strong>{' '}
            {isMessageKey(actionKey) ? t(actionKey) : entry.action}
            {subject ? ` (${subject})` : null}
            {fieldChanges.length > 0 ? (
              <ul>
                {fieldChanges.map(([field, value]) => {
                  const [before, after] = value as [unknown, unknown];
                  return (
                    <li key={field}>
                      {t(FIELD_LABELS[field]!)}: {format(field, before)} → {format(field, after)}
                    </li>
                  );
                })}
              </ul>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
