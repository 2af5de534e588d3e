import { data, Link, redirect } from 'react-router';
import type { Route } from './+types/meeting-new';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { MeetingForm } from '~/components/meetings/meeting-form';
import { requireUser } from '~/lib/auth/viewer.server';
import { describeFailure, parseForm, rethrowAsResponse } from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';
import { MeetingFormSchema } from '~/lib/meetings/meetings.schema';
import { createMeeting, loadMeetingFormOptions } from '~/lib/meetings/meetings.server';
import { parseGroupId } from '~/lib/working-groups/working-groups.server';
import meetingStyles from '~/styles/meetings.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }];
export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'meetings.new');

/** Registered twice: /kleingruppen/:groupId/sitzungen/neu (group) and /sitzungen/neu (plenary). */
const groupOf = (params: { groupId?: string }) =>
  params.groupId === undefined ? null : parseGroupId(params.groupId);

export async function loader(args: Route.LoaderArgs) {
  const { db } = await requireUser(args);
  try {
    const options = await db((tx) => loadMeetingFormOptions(tx, groupOf(args.params)));
    return { options };
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

export async function action(args: Route.ActionArgs) {
  const { db } = await requireUser(args);
  try {
    const groupId = groupOf(args.params);
    const form = await parseForm(args.request, MeetingFormSchema);
    const meetingId = await createMeeting(db, groupId, form);
    return redirect(`/sitzungen/${meetingId}`);
  } catch (error) {
    const { body, init } = describeFailure(error);
    return data(body, init);
  }
}

export default function MeetingNew({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { options } = loaderData;
  return (
    <div className="page page--form">
      <p>
        {options.groupId ? (
          <Link to={`/kleingruppen/${options.groupId}/sitzungen`}>
            {t('meetings.backToGroupMeetings')}
          </Link>
        ) : (
          <Link to="/sitzungen">{t('meetings.backToList')}</Link>
        )}
      </p>
      <h1>
        {options.groupId ? t('meetings.new') : t('meetings.newPlenary')}
        {options.groupName ? ` – ${options.groupName}` : ''}
      </h1>
      {options.canManage ? (
        <MeetingForm
          options={options}
          values={null}
          failure={actionData ?? null}
          submitLabel={t('meetings.form.create')}
        />
      ) : (
        <p className="alert alert--error" role="alert">
          {options.groupId ? t('meetings.form.notAllowed') : t('meetings.form.plenaryNotAllowed')}
        </p>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
