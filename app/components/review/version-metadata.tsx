import type { VersionMetadata } from '~/lib/review/review.server';
import { useT } from '../i18n';

export function VersionMetadataList({ metadata }: { metadata: VersionMetadata }) {
  const t = useT();
  const rows: [string, string][] = [
    [t('review.field.title'), metadata.title],
    [t('review.field.summary'), metadata.summary],
    [t('review.field.kind'), metadata.kind],
    [t('review.field.status'), metadata.status],
    [t('review.field.horizon'), metadata.horizon ?? '–'],
    [t('review.field.startDate'), metadata.startDate ?? '–'],
    [t('review.field.dueDate'), metadata.dueDate ?? '–'],
    [t('review.field.progress'), `${metadata.progress} %`],
    [t('review.field.visibility'), metadata.visibility],
    [
      t('review.field.organizations'),
      metadata.organizations.map((o) => `${o.shortName} (${o.role})`).join(', ') || '–',
    ],
    [t('review.field.networks'), metadata.networks.join(', ') || '–'],
  ];
  return (
    <dl className="facts">
      {rows.map(([label, value]) => (
        <div key={label} style={{ display: 'contents' }}>
          <dt>{label}</dt>
          <dd>{value || '–'}</dd>
        </div>
      ))}
    </dl>
  );
}
