import { Link } from 'react-router';
import type { Route } from './+types/group-meetings';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { MeetingTable } from '~/components/meetings/meeting-table';
import { requireUser } from '~/lib/auth/viewer.server';
import { rethrowAsResponse } from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';
import { listGroupMeetings, loadMeetingFormOptions } from '~/lib/meetings/meetings.server';
import { parseGroupId } from '~/lib/working-groups/working-groups.server';
import meetingStyles from '~/styles/meetings.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }];
export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'meetings.title');

export async function loader(args: Route.LoaderArgs) {
  const { db } = await requireUser(args);
  try {
    const groupId = parseGroupId(args.params.groupId);
    return await db(async (tx) => {
      const options = await loadMeetingFormOptions(tx, groupId);
      return {
        groupId,
        groupName: options.groupName ?? '',
        canManage: options.canManage,
        meetings: await listGroupMeetings(tx, groupId),
      };
    });
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

export default function GroupMeetings({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { groupId, groupName, canManage, meetings } = loaderData;
  return (
    <div className="page">
      <p>
        <Link to={`/kleingruppen/${groupId}`}>{t('meetings.backToGroup')}</Link>
      </p>
      <div className="page-heading">
        <h1>{t('meetings.groupMeetings', { name: groupName })}</h1>
        {canManage ? (
          <Link className="button button--primary" to={`/kleingruppen/${groupId}/sitzungen/neu`}>
            {t('meetings.new')}
          </Link>
        ) : null}
      </div>
      <section className="panel" aria-labelledby="group-meetings">
        <h2 id="group-meetings" className="visually-hidden">
          {t('meetings.title')}
        </h2>
        <MeetingTable meetings={meetings} showGroup={false} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
