import { FormAlert } from '~/components/form-alert';
import { data, Form, Link, redirect, useNavigation } from 'react-router';
import type { Route } from './+types/attachment-upload';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { requireUser } from '~/lib/auth/viewer.server';
import { AppError } from '~/lib/errors';
import { describeFailure, rethrowAsResponse } from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';
import { addAttachment, checkAttachment, readUploadForm } from '~/lib/meetings/attachments.server';
import { ATTACHMENT_MAX_BYTES } from '~/lib/meetings/meetings.schema';
import { getMeeting, parseMeetingId } from '~/lib/meetings/meetings.server';

export const meta: Route.MetaFunction = ({ matches }) =>
  pageTitle(matches, 'meetings.attachments.upload');

export async function loader(args: Route.LoaderArgs) {
  const { db } = await requireUser(args);
  try {
    const meetingId = parseMeetingId(args.params.meetingId);
    const meeting = await db((tx) => getMeeting(tx, meetingId));
    return { meetingId, title: meeting.title, canAttach: meeting.can.attach };
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

/** Multipart upload: size (413) and type by content (415) are checked before anything is stored. */
export async function action(args: Route.ActionArgs) {
  const { db } = await requireUser(args);
  try {
    const meetingId = parseMeetingId(args.params.meetingId);
    const form = await readUploadForm(args.request);
    const file = form.get('file');
    if (!(file instanceof File) || file.size === 0)
      throw new AppError({
        status: 400,
        code: 'attachment_empty',
        message: 'meetings.error.attachmentEmpty',
        fieldErrors: { file: 'meetings.error.attachmentEmpty' },
      });
    const checked = checkAttachment(file.name, new Uint8Array(await file.arrayBuffer()));
    await addAttachment(db, meetingId, checked);
    return redirect(`/sitzungen/${meetingId}`);
  } catch (error) {
    const { body, init } = describeFailure(error);
    return data(body, init);
  }
}

export default function AttachmentUpload({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navigation = useNavigation();
  const { meetingId, title, canAttach } = loaderData;
  const error = actionData?.fieldErrors.file ?? actionData?.formError ?? null;
  return (
    <div className="page page--narrow">
      <p>
        <Link to={`/sitzungen/${meetingId}`}>{title}</Link>
      </p>
      <h1>{t('meetings.attachments.upload')}</h1>
      {!canAttach ? (
        <p className="alert alert--error" role="alert">
          {t('error.forbidden')}
        </p>
      ) : (
        <Form method="post" encType="multipart/form-data" className="form">
          <FormAlert failure={actionData} />
          <div className="field">
            <label htmlFor="attachment-file">{t('meetings.attachments.file')}</label>
            <p className="field-help" id="attachment-file-help">
              {t('meetings.attachments.help', { megabytes: ATTACHMENT_MAX_BYTES / 1024 / 1024 })}
            </p>
            <input
              id="attachment-file"
              name="file"
              type="file"
              required
              accept=".pdf,.docx,.odt,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"
              aria-describedby="attachment-file-help"
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div className="button-row">
            <button
              type="submit"
              className="button button--primary"
              disabled={navigation.state !== 'idle'}
            >
              {t('meetings.attachments.upload')}
            </button>
          </div>
        </Form>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
