import { Link } from 'react-router';
import { useLocale, useT } from '~/components/i18n';
import type { RoadmapEntry } from '~/lib/declarations/declarations.server';
import { formatDate } from '~/lib/tracking/dates';

/** The Fahrplan as an ordered timeline grouped by year: milestones and process dates. */
export function RoadmapList({ entries }: { entries: RoadmapEntry[] }) {
  const t = useT();
  const locale = useLocale();
  if (entries.length === 0) return <p>{t('declarations.roadmap.none')}</p>;
  const years = [...new Set(entries.map((entry) => entry.date.slice(0, 4)))];
  return (
    <div className="roadmap">
      {years.map((year) => (
        <section key={year} aria-labelledby={`roadmap-${year}`}>
          <h3 id={`roadmap-${year}`}>{year}</h3>
          <ol className="roadmap__list">
            {entries
              .filter((entry) => entry.date.startsWith(year))
              .map((entry) => (
                <li
                  key={
                    entry.kind === 'meeting'
                      ? entry.meetingId
                      : `${entry.measureId}-${entry.date}-${entry.title}`
                  }
                  className={`roadmap__entry roadmap__entry--${entry.kind}`}
                >
                  <time dateTime={entry.date} className="roadmap__date">
                    {formatDate(entry.date, locale)}
                  </time>{' '}
                  <span className="roadmap__kind">
                    {entry.kind === 'meeting'
                      ? t('declarations.roadmap.meeting')
                      : t('declarations.roadmap.milestone')}
                    :
                  </span>{' '}
                  {entry.kind === 'meeting' ? (
                    <>
                      <Link to={`/sitzungen/${entry.meetingId}`}>{entry.title}</Link>
                      {' – '}
                      {entry.groupName ?? t('meetings.plenary')}
                    </>
                  ) : (
                    <>
                      <Link to={`/massnahmen/${entry.measureId}`}>{entry.measureCode}</Link>{' '}
                      {entry.title}
                      {entry.organization
                        ? ` (${t('declarations.roadmap.responsible', { organization: entry.organization })})`
                        : ''}
                      {entry.done ? ` – ${t('declarations.roadmap.done')}` : ''}
                    </>
                  )}
                </li>
              ))}
          </ol>
        </section>
      ))}
    </div>
  );
}
