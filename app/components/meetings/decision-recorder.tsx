import { useRef } from 'react';
import { useFetcher } from 'react-router';
import type { EditorHandle } from '~/collab/comment-anchors';
import { FormField } from '~/components/form-field';
import { formatDay } from '~/components/date-time';
import { useLocale, useT } from '~/components/i18n';
import { PassageForm } from '~/components/review/passage';
import type { FieldErrors } from '~/lib/errors';
import { DECISION_OUTCOMES, type DecisionResult } from '~/lib/meetings/meetings.schema';
import type { DecisionMeeting } from '~/lib/meetings/meetings.server';

/**
 * "Beschluss festhalten" on the measure page: takes the passage selected in the live editor (like
 * "Kommentieren"), the meeting it was decided in (the group's meetings with open minutes), the
 * outcome and the decision's text. Recording stores the measure as a named version.
 */
export function DecisionRecorder({
  meetings,
  ...props
}: {
  measureId: string;
  meetings: DecisionMeeting[];
  handle: EditorHandle | null;
}) {
  const t = useT();
  const locale = useLocale();
  const fetcher = useFetcher<DecisionResult>();
  const meetingRef = useRef<HTMLSelectElement>(null);
  const failure = fetcher.state === 'idle' && fetcher.data?.ok === false ? fetcher.data : null;
  const passageError = failure?.fieldErrors.anchorStart ?? failure?.fieldErrors.quote;
  return (
    <PassageForm kind="decision" fetcher={fetcher} focusAfterPick={meetingRef} {...props}>
      <div className="form-grid">
        <FormField
          id="decision-meeting"
          name="meetingId"
          label={t('meetings.decisions.meeting')}
          errors={failure?.fieldErrors}
        >
          {(field) => (
            <select {...field} ref={meetingRef} required>
              {meetings.map((meeting) => (
                <option key={meeting.meetingId} value={meeting.meetingId}>
                  {/* Meetings of a group often share a title: the day tells them apart. */}
                  {`${meeting.title} (${formatDay(meeting.startsAt, locale)})`}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <OutcomeField errors={failure?.fieldErrors} />
      </div>
      <FormField
        id="decision-summary"
        name="summary"
        label={t('meetings.decisions.summary')}
        errors={failure?.fieldErrors}
      >
        {(field) => <textarea {...field} rows={3} required maxLength={2000} />}
      </FormField>
      {failure?.formError || passageError ? (
        <div className="alert alert--error" role="alert">
          {t(failure?.formError ?? passageError!, failure?.formParams)}
        </div>
      ) : null}
    </PassageForm>
  );
}

/** The outcome of a decision: angenommen, abgelehnt or vertagt. */
export function OutcomeField({ errors }: { errors: FieldErrors | undefined }) {
  const t = useT();
  return (
    <FormField
      id="decision-outcome"
      name="outcome"
      label={t('meetings.decisions.outcome')}
      errors={errors}
    >
      {(props) => (
        <select {...props} required defaultValue="accepted">
          {DECISION_OUTCOMES.map((outcome) => (
            <option key={outcome} value={outcome}>
              {t(`meetings.decisions.outcome.${outcome}`)}
            </option>
          ))}
        </select>
      )}
    </FormField>
  );
}
