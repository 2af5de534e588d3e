import type { ReactNode } from 'react';
import { Link } from 'react-router';
import type { EditorHandle } from '~/collab/comment-anchors';
import { DateTime } from '~/components/date-time';
import { useT } from '~/components/i18n';
import { PassageQuote, useTextRevision } from '~/components/review/passage';
import type { DecisionEntry } from '~/lib/meetings/meetings.server';

/**
 * Decisions as a list: outcome, text, the passage it settles, and links to the meeting's minutes
 * and to the measure version stored when it was recorded. `context` says which link to lead with.
 * With the measure's live editor (`handle`), an anchored passage can be shown and highlighted there.
 */
export function DecisionList({
  decisions,
  context,
  handle = null,
}: {
  decisions: DecisionEntry[];
  context: 'meeting' | 'measure';
  handle?: EditorHandle | null;
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
              <Link to={`/sitzungen/${decision.meetingId}#meeting-minutes`}>
                {t('meetings.decisions.minutesLink', { title: decision.meetingTitle })}
              </Link>
            )}{' '}
            · <DateTime iso={decision.recordedAt} />
          </p>
          <p className="meetings-decision__summary">{decision.summary}</p>
          <PassageQuote
            {...decision}
            quote={decision.passage}
            handle={handle}
            className="meetings-decision__passage"
            onShow={(anchor) =>
              handle?.setHighlights('decision', [{ id: decision.decisionId, ...anchor }])
            }
          />
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

/** For the measure page: record a decision on a passage, and the measure's decisions so far. */
export function MeasureDecisions({
  decisions,
  handle,
  children,
}: {
  decisions: DecisionEntry[];
  handle: EditorHandle | null;
  /** The recording form, for those who manage one of the group's open meetings. */
  children?: ReactNode;
}) {
  const t = useT();
  // Passages can vanish while the page is open ("Bezug gelöscht"): re-check after text changes.
  useTextRevision(handle);
  return (
    <section className="panel" aria-labelledby="measure-decisions">
      <h2 id="measure-decisions">{t('meetings.decisions.forMeasure')}</h2>
      {children}
      <h3>{t('meetings.decisions.title')}</h3>
      <DecisionList decisions={decisions} context="measure" handle={handle} />
    </section>
  );
}
