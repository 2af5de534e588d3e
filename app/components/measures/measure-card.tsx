import { Link } from 'react-router';
import type { MeasureCard as Card } from '~/lib/measures/measures.server';
import { useT } from '../i18n';
import { KindBadge, StatusBadge, VisibilityBadge } from './badges';

export function MeasureCard({ measure, showGroup = true }: { measure: Card; showGroup?: boolean }) {
  const t = useT();
  return (
    <article className="measure-card" aria-labelledby={`measure-${measure.code}`}>
      <h3 id={`measure-${measure.code}`} className="measure-card__title">
        <Link to={`/massnahmen/${measure.measureId}`}>
          <span className="measure-code">{measure.code}</span>
          {` ${measure.title}`}
        </Link>
      </h3>
      <p className="measure-card__badges">
        <KindBadge kind={measure.kind} /> <StatusBadge status={measure.status} />{' '}
        {measure.visibility !== 'public' ? (
          <VisibilityBadge visibility={measure.visibility} />
        ) : null}
      </p>
      <dl className="measure-card__facts">
        <div>
          <dt>{t('board.lead')}</dt>
          <dd>{measure.leadShortName ?? t('board.noLead')}</dd>
        </div>
        {showGroup ? (
          <div>
            <dt>{t('board.group')}</dt>
            <dd>{measure.groupName ?? t('board.noGroup')}</dd>
          </div>
        ) : null}
      </dl>
    </article>
  );
}
