import type { MeasureKind, MeasureStatus, Visibility } from '~/lib/measures/measures.schema';
import { useT } from '../i18n';

export function StatusBadge({ status }: { status: MeasureStatus }) {
  const t = useT();
  return (
    <span className={`badge badge--status badge--${status}`}>{t(`measure.status.${status}`)}</span>
  );
}

export function KindBadge({ kind }: { kind: MeasureKind }) {
  const t = useT();
  return <span className={`badge badge--kind badge--${kind}`}>{t(`measure.kind.${kind}`)}</span>;
}

export function VisibilityBadge({ visibility }: { visibility: Visibility }) {
  const t = useT();
  return (
    <span className={`badge badge--visibility badge--${visibility}`}>
      {t(`measure.visibility.${visibility}`)}
    </span>
  );
}
