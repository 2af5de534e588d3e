import { Link } from 'react-router';
import { DateTime } from '~/components/date-time';
import { useT } from '~/components/i18n';
import type { MeetingSummary } from '~/lib/meetings/meetings.server';

/** Meetings as a table: title (link), start, group (or plenary), state of the minutes. */
export function MeetingTable({
  meetings,
  showGroup,
}: {
  meetings: MeetingSummary[];
  showGroup: boolean;
}) {
  const t = useT();
  if (meetings.length === 0) return <p>{t('meetings.none')}</p>;
  return (
    <div className="admin-table-scroll" tabIndex={0} role="region" aria-label={t('meetings.title')}>
      <table className="admin-table">
        <thead>
          <tr>
            <th scope="col">{t('meetings.column.title')}</th>
            <th scope="col">{t('meetings.column.when')}</th>
            {showGroup ? <th scope="col">{t('meetings.column.group')}</th> : null}
            <th scope="col">{t('meetings.column.minutes')}</th>
          </tr>
        </thead>
        <tbody>
          {meetings.map((meeting) => (
            <tr key={meeting.meetingId}>
              <td>
                <Link to={`/sitzungen/${meeting.meetingId}`}>{meeting.title}</Link>
                {meeting.isInvited ? (
                  <>
                    {' '}
                    <span className="badge">{t('meetings.invited')}</span>
                  </>
                ) : null}
              </td>
              <td>
                <DateTime iso={meeting.startsAt} />
              </td>
              {showGroup ? <td>{meeting.groupName ?? t('meetings.plenary')}</td> : null}
              <td>{t(`meetings.minutes.status.${meeting.minutesStatus}`)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
