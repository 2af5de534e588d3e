import { Link } from 'react-router';
import { DateTime } from '~/components/date-time';
import { useT } from '~/components/i18n';
import type { DecisionEntry } from '~/lib/meetings/meetings.server';

/**
 * Decisions as a list: outcome, text, the quoted passage, and links to the meeting and to the
 * measure version stored when it was recorded. `context` says which link to lead with.
 */
export function DecisionList({
  decisions,
  context,
}: {
  decisions: DecisionEntry[];
  context: 'meeting' | 'measure';
}) {
  const t = useT();
  if (decisions.length === 0) return <p>{t('meetings.decisions.none')}</p>;
  return (
    <ul className="meetings-decisions">
      {decisions.map((decision) => (
        <li key={decision.decisionId} className="meetings-decision">
          <p>
            <span className={`badge meetings-outcome meetings-outcome--${decision.outcome}`}>
              {t(`meetings.decisions.outcome.${decision.outcome}`)}
            </span>{' '}
            {context === 'meeting' ? (
              <Link to={`/massnahmen/${decision.measureId}`}>
                {decision.measureCode} {decision.measureTitle}
              </Link>
            ) : (
              <Link to={`/sitzungen/${decision.meetingId}`}>
                {t('meetings.decisions.inMeeting', { title: decision.meetingTitle })}
              </Link>
            )}{' '}
            · <DateTime iso={decision.recordedAt} />
          </p>
          <p className="meetings-decision__summary">{decision.summary}</p>
          {decision.passage ? (
            <blockquote className="meetings-decision__passage">{decision.passage}</blockquote>
          ) : null}
          <p className="meetings-muted">
            <Link to={`/massnahmen/${decision.measureId}/versionen/${decision.versionId}`}>
              {t('meetings.decisions.version', {
                number: decision.versionNumber,
                name: decision.versionName,
              })}
            </Link>
            {decision.recordedByName ? ` · ${decision.recordedByName}` : ''}
          </p>
        </li>
      ))}
    </ul>
  );
}

/** For the measure page: the measure's decisions under their own heading. */
export function MeasureDecisions({ decisions }: { decisions: DecisionEntry[] }) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="measure-decisions">
      <h2 id="measure-decisions">{t('meetings.decisions.forMeasure')}</h2>
      <DecisionList decisions={decisions} context="measure" />
    </section>
  );
}
