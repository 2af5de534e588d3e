import { data, Form, Link, redirect, useNavigation } from 'react-router';
import { FormAlert } from '~/components/form-alert';
import type { Route } from './+types/meeting';
import { CollabEditor } from '~/collab/collab-editor';
import { DateTime, DateTimeRange } from '~/components/date-time';
import { ErrorPage } from '~/components/error-page';
import { FormField } from '~/components/form-field';
import { useT } from '~/components/i18n';
import { DecisionList } from '~/components/meetings/decision-list';
import { OutcomeField } from '~/components/meetings/decision-recorder';
import { requireUser } from '~/lib/auth/viewer.server';
import {
  describeFailure,
  parseForm,
  rethrowAsResponse,
  type ActionFailure,
} from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';
import { MeetingActionSchema, type MeetingAction } from '~/lib/meetings/meetings.schema';
import {
  getMeeting,
  loadMeetingFormOptions,
  parseMeetingId,
  performMeetingAction,
} from '~/lib/meetings/meetings.server';
import { minutesDocumentName } from '~/lib/collab/protocol';
import meetingStyles from '~/styles/meetings.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }];
export const meta: Route.MetaFunction = ({ data: loaderData, matches }) =>
  pageTitle(matches, 'meetings.title').map(({ title }) => ({
    title: loaderData ? `${loaderData.meeting.title} – ${title}` : title,
  }));

export async function loader(args: Route.LoaderArgs) {
  const { db, viewer } = await requireUser(args);
  try {
    const meetingId = parseMeetingId(args.params.meetingId);
    return await db(async (tx) => {
      const meeting = await getMeeting(tx, meetingId);
      const measures = meeting.can.manage
        ? (await loadMeetingFormOptions(tx, meeting.workingGroupId)).measures
        : [];
      const editor = {
        name: viewer.displayName,
        organization: viewer.organization?.shortName ?? null,
      };
      return { meeting, measures, editor };
    });
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

type ActionResult =
  { ok: true; intent: MeetingAction['intent'] } | (ActionFailure & { intent: string | null });

export async function action(args: Route.ActionArgs) {
  const { db } = await requireUser(args);
  let intent: string | null = null;
  try {
    const meetingId = parseMeetingId(args.params.meetingId);
    const parsed = await parseForm(args.request, MeetingActionSchema);
    intent = parsed.intent;
    await performMeetingAction(db, meetingId, parsed);
    if (parsed.intent === 'deleteMeeting') return redirect('/sitzungen');
    return data<ActionResult>({ ok: true, intent: parsed.intent });
  } catch (error) {
    const { body, init } = describeFailure(error);
    return data<ActionResult>({ ...body, intent }, init);
  }
}

function Feedback({
  actionData,
  intent,
}: {
  actionData: ActionResult | undefined;
  intent: string;
}) {
  const t = useT();
  if (!actionData || actionData.intent !== intent) return null;
  if (actionData.ok)
    return (
      <p className="alert alert--success" role="status">
        {intent === 'decision' ? t('meetings.decisions.recorded') : t('meetings.page.saved')}
      </p>
    );
  return <FormAlert failure={actionData} />;
}

export default function Meeting({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navigation = useNavigation();
  const busy = navigation.state !== 'idle';
  const { meeting, measures, editor } = loaderData;
  const failure = actionData && !actionData.ok ? actionData : undefined;
  const backLink = meeting.workingGroupId
    ? `/kleingruppen/${meeting.workingGroupId}/sitzungen`
    : '/sitzungen';
  return (
    <div className="page">
      <p>
        <Link to={backLink}>{meeting.groupName ?? t('meetings.backToList')}</Link>
      </p>
      <div className="page-heading">
        <h1>{meeting.title}</h1>
        <div className="button-row">
          <a
            className="button button--secondary"
            href={`/sitzungen/${meeting.meetingId}/sitzung.ics`}
            download
          >
            {t('meetings.page.ics')}
          </a>
          {meeting.can.manage ? (
            <Link
              className="button button--secondary"
              to={`/sitzungen/${meeting.meetingId}/bearbeiten`}
            >
              {t('meetings.page.edit')}
            </Link>
          ) : null}
        </div>
      </div>
      <dl className="facts">
        <dt>{t('meetings.page.when')}</dt>
        <dd>
          <DateTimeRange start={meeting.startsAt} end={meeting.endsAt} />
        </dd>
        <dt>{t('meetings.page.group')}</dt>
        <dd>{meeting.groupName ?? t('meetings.plenary')}</dd>
        {meeting.location ? (
          <>
            <dt>{t('meetings.page.where')}</dt>
            <dd>{meeting.location}</dd>
          </>
        ) : null}
        {meeting.videoUrl ? (
          <>
            <dt>{t('meetings.page.video')}</dt>
            <dd>
              <a href={meeting.videoUrl} rel="noreferrer noopener" target="_blank">
                {meeting.videoUrl}
              </a>
            </dd>
          </>
        ) : null}
      </dl>
      {meeting.description ? <p className="meetings-description">{meeting.description}</p> : null}

      <div className="meetings-layout">
        <div>
          <section className="panel" aria-labelledby="meeting-agenda">
            <h2 id="meeting-agenda">{t('meetings.page.agenda')}</h2>
            {meeting.agenda.length === 0 ? (
              <p>{t('meetings.page.agendaNone')}</p>
            ) : (
              <ol className="meetings-agenda">
                {meeting.agenda.map((item) => (
                  <li key={item.agendaItemId}>
                    <span className="meetings-agenda__title">{item.title}</span>{' '}
                    <span className="meetings-muted">
                      (<DateTime iso={item.startsAt} />,{' '}
                      {t('meetings.page.minutesDuration', { minutes: item.durationMinutes })})
                    </span>
                    {item.measures.length > 0 ? (
                      <ul>
                        {item.measures.map((measure) => (
                          <li key={measure.measureId}>
                            <Link to={`/massnahmen/${measure.measureId}`}>
                              {measure.code} {measure.title}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    ) : null}
                  </li>
                ))}
              </ol>
            )}
          </section>

          <section className="panel" aria-labelledby="meeting-minutes">
            <h2 id="meeting-minutes">{t('meetings.minutes.title')}</h2>
            <p>
              {t('meetings.minutes.status')}:{' '}
              <span className="badge">{t(`meetings.minutes.status.${meeting.minutesStatus}`)}</span>
            </p>
            {meeting.minutesStatus === 'draft' ? (
              <p className="field-help">{t('meetings.minutes.draftHelp')}</p>
            ) : meeting.minutesStatus === 'approval' && meeting.approvalEndsAt ? (
              <p className="field-help">
                {t('meetings.minutes.approvalHelp')} <DateTime iso={meeting.approvalEndsAt} />
              </p>
            ) : meeting.minutesApprovedAt ? (
              <p className="field-help">
                {t('meetings.minutes.approvedHelp')} <DateTime iso={meeting.minutesApprovedAt} />
              </p>
            ) : null}
            <Feedback actionData={actionData} intent="minutesStatus" />
            <CollabEditor
              key={`${meeting.meetingId}:${meeting.minutesStatus}:${String(meeting.can.amendMinutes)}`}
              documentName={minutesDocumentName(meeting.meetingId)}
              canEdit={meeting.can.amendMinutes}
              labels={{
                editor: t('meetings.minutes.text'),
                placeholder: t('meetings.minutes.placeholder'),
                empty: t('meetings.minutes.empty'),
              }}
              initialHtml={meeting.minutesHtml}
              user={editor}
            />
            {!meeting.can.amendMinutes && meeting.minutesStatus !== 'approved' ? (
              <p className="meetings-muted">{t('meetings.minutes.readOnly')}</p>
            ) : null}
            {meeting.can.manage && meeting.minutesStatus !== 'approved' ? (
              <div className="button-row">
                {meeting.minutesStatus === 'draft' ? (
                  <StatusButton
                    status="approval"
                    label={t('meetings.minutes.toApproval')}
                    busy={busy}
                  />
                ) : (
                  <>
                    <StatusButton
                      status="approved"
                      label={t('meetings.minutes.approve')}
                      busy={busy}
                    />
                    <StatusButton
                      status="draft"
                      label={t('meetings.minutes.toDraft')}
                      busy={busy}
                    />
                  </>
                )}
              </div>
            ) : null}
          </section>

          <section className="panel" aria-labelledby="meeting-decisions">
            <h2 id="meeting-decisions">{t('meetings.decisions.title')}</h2>
            <Feedback actionData={actionData} intent="decision" />
            <DecisionList decisions={meeting.decisions} context="meeting" />
            {meeting.can.manage && meeting.minutesStatus !== 'approved' ? (
              measures.length === 0 ? (
                <p>{t('meetings.decisions.noMeasures')}</p>
              ) : (
                <Form method="post" className="form" key={meeting.decisions.length}>
                  <h3>{t('meetings.decisions.new')}</h3>
                  <input type="hidden" name="intent" value="decision" />
                  <div className="form-grid">
                    <FormField
                      id="decision-measure"
                      name="measureId"
                      label={t('meetings.decisions.measure')}
                      errors={failure?.intent === 'decision' ? failure.fieldErrors : undefined}
                    >
                      {(props) => (
                        <select
                          {...props}
                          required
                          defaultValue={meeting.agenda[0]?.measures[0]?.measureId ?? ''}
                        >
                          {measures.map((measure) => (
                            <option key={measure.measureId} value={measure.measureId}>
                              {measure.code} {measure.title}
                            </option>
                          ))}
                        </select>
                      )}
                    </FormField>
                    <OutcomeField
                      errors={failure?.intent === 'decision' ? failure.fieldErrors : undefined}
                    />
                  </div>
                  <FormField
                    id="decision-summary"
                    name="summary"
                    label={t('meetings.decisions.summary')}
                    errors={failure?.intent === 'decision' ? failure.fieldErrors : undefined}
                  >
                    {(props) => <textarea {...props} rows={3} required maxLength={2000} />}
                  </FormField>
                  <p className="field-help">{t('meetings.decisions.wholeMeasureHelp')}</p>
                  <div className="button-row">
                    <button type="submit" className="button button--primary" disabled={busy}>
                      {t('meetings.decisions.record')}
                    </button>
                  </div>
                </Form>
              )
            ) : null}
          </section>
        </div>

        <div>
          <section className="panel" aria-labelledby="meeting-invitees">
            <h2 id="meeting-invitees">{t('meetings.page.invitees')}</h2>
            <Feedback actionData={actionData} intent="attendance" />
            {meeting.invitees.length === 0 ? (
              <p>{t('meetings.page.inviteesNone')}</p>
            ) : meeting.can.manage ? (
              <Form method="post" className="form">
                <input type="hidden" name="intent" value="attendance" />
                <fieldset className="meetings-fieldset">
                  <legend>{t('meetings.page.attendance')}</legend>
                  <ul className="checkbox-list">
                    {meeting.invitees.map((invitee) => (
                      <li key={invitee.userId}>
                        <label>
                          <input
                            type="checkbox"
                            name="attended"
                            value={invitee.userId}
                            defaultChecked={invitee.attended}
                          />{' '}
                          {invitee.displayName}
                          {invitee.organizationShortName
                            ? ` (${invitee.organizationShortName})`
                            : ''}
                        </label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
                <div className="button-row">
                  <button type="submit" className="button button--secondary" disabled={busy}>
                    {t('meetings.page.attendanceSave')}
                  </button>
                </div>
              </Form>
            ) : (
              <ul className="groups-plain-list">
                {meeting.invitees.map((invitee) => (
                  <li key={invitee.userId}>
                    {invitee.displayName}
                    {invitee.organizationShortName ? ` (${invitee.organizationShortName})` : ''}
                    {invitee.attended ? ` – ${t('meetings.page.attended')}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </section>

          <section className="panel" aria-labelledby="meeting-attachments">
            <h2 id="meeting-attachments">{t('meetings.attachments.title')}</h2>
            <Feedback actionData={actionData} intent="deleteAttachment" />
            {meeting.attachments.length === 0 ? (
              <p>{t('meetings.attachments.none')}</p>
            ) : (
              <ul className="meetings-attachments">
                {meeting.attachments.map((attachment) => (
                  <li key={attachment.attachmentId}>
                    <a
                      href={`/sitzungen/${meeting.meetingId}/anlagen/${attachment.attachmentId}`}
                      download
                    >
                      {attachment.fileName}
                    </a>{' '}
                    <span className="meetings-muted">
                      (
                      {t('meetings.attachments.size', {
                        kilobytes: Math.max(1, Math.round(attachment.byteSize / 1024)),
                      })}
                      )
                    </span>
                    {attachment.canDelete ? (
                      <Form method="post" className="inline-form">
                        <input type="hidden" name="intent" value="deleteAttachment" />
                        <input type="hidden" name="attachmentId" value={attachment.attachmentId} />
                        <button
                          type="submit"
                          className="button button--link"
                          disabled={busy}
                          aria-label={t('meetings.attachments.deleteLabel', {
                            name: attachment.fileName,
                          })}
                        >
                          {t('meetings.attachments.delete')}
                        </button>
                      </Form>
                    ) : null}
                  </li>
                ))}
              </ul>
            )}
            {meeting.can.attach ? (
              <p>
                <Link
                  className="button button--secondary"
                  to={`/sitzungen/${meeting.meetingId}/anlagen`}
                >
                  {t('meetings.attachments.upload')}
                </Link>
              </p>
            ) : null}
          </section>

          {meeting.can.manage ? (
            <section className="panel" aria-labelledby="meeting-danger">
              <h2 id="meeting-danger">{t('meetings.page.delete')}</h2>
              <Form
                method="post"
                onSubmit={(event) => {
                  if (!window.confirm(t('meetings.page.deleteConfirm'))) event.preventDefault();
                }}
              >
                <input type="hidden" name="intent" value="deleteMeeting" />
                <button type="submit" className="button button--secondary" disabled={busy}>
                  {t('meetings.page.delete')}
                </button>
              </Form>
            </section>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function StatusButton({ status, label, busy }: { status: string; label: string; busy: boolean }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="minutesStatus" />
      <input type="hidden" name="status" value={status} />
      <button type="submit" className="button button--secondary" disabled={busy}>
        {label}
      </button>
    </Form>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
