import { data, Link, redirect } from 'react-router';
import type { Route } from './+types/meeting-edit';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { MeetingForm } from '~/components/meetings/meeting-form';
import { requireUser } from '~/lib/auth/viewer.server';
import { describeFailure, parseForm, rethrowAsResponse } from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';
import { MeetingFormSchema } from '~/lib/meetings/meetings.schema';
import {
  getMeetingFormValues,
  loadMeetingFormOptions,
  parseMeetingId,
  updateMeeting,
} from '~/lib/meetings/meetings.server';
import meetingStyles from '~/styles/meetings.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }];
export const meta: Route.MetaFunction = ({ matches }) =>
  pageTitle(matches, 'meetings.form.editTitle');

export async function loader(args: Route.LoaderArgs) {
  const { db } = await requireUser(args);
  try {
    const meetingId = parseMeetingId(args.params.meetingId);
    return await db(async (tx) => {
      const current = await getMeetingFormValues(tx, meetingId);
      return { ...current, options: await loadMeetingFormOptions(tx, current.groupId) };
    });
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

export async function action(args: Route.ActionArgs) {
  const { db } = await requireUser(args);
  try {
    const meetingId = parseMeetingId(args.params.meetingId);
    const form = await parseForm(args.request, MeetingFormSchema);
    await updateMeeting(db, meetingId, form);
    return redirect(`/sitzungen/${meetingId}`);
  } catch (error) {
    const { body, init } = describeFailure(error);
    return data(body, init);
  }
}

export default function MeetingEdit({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const { meetingId, values, options } = loaderData;
  return (
    <div className="page page--form">
      <p>
        <Link to={`/sitzungen/${meetingId}`}>{values.title}</Link>
      </p>
      <h1>{t('meetings.form.editTitle')}</h1>
      {options.canManage ? (
        <MeetingForm
          options={options}
          values={values}
          failure={actionData ?? null}
          submitLabel={t('meetings.form.save')}
        />
      ) : (
        <p className="alert alert--error" role="alert">
          {t('meetings.form.notAllowed')}
        </p>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
