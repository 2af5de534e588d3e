import { useState } from 'react';
import { Form, useNavigation } from 'react-router';
import { FormField } from '~/components/form-field';
import { FormAlert } from '~/components/form-alert';
import { useT } from '~/components/i18n';
import type { ActionFailure } from '~/lib/http.server';
import type { MeetingForm as MeetingValues } from '~/lib/meetings/meetings.schema';
import type { MeetingFormOptions } from '~/lib/meetings/meetings.server';

const EMPTY_ROWS = 2;

/**
 * Create/edit form of a meeting. A new group meeting invites the whole group by default; a plenary
 * event starts with nobody ticked (everyone signed in sees it anyway).
 * Agenda rows are parallel fields (agendaTitle, agendaDuration,
 * agendaMeasure = "<row>:<measureId>") parsed by MeetingFormSchema; "add row" adds an empty row.
 */
export function MeetingForm({
  options,
  values,
  failure,
  submitLabel,
}: {
  options: MeetingFormOptions;
  values: MeetingValues | null;
  failure: ActionFailure | null;
  submitLabel: string;
}) {
  const t = useT();
  const navigation = useNavigation();
  const agenda = values?.agenda ?? [];
  const [rowCount, setRowCount] = useState(Math.max(agenda.length + 1, EMPTY_ROWS));
  const errors = failure?.fieldErrors;
  const agendaErrors = Object.entries(errors ?? {}).filter(([field]) =>
    field.startsWith('agenda-'),
  );
  return (
    <Form method="post" className="form" noValidate>
      <FormAlert failure={failure} />
      <FormField id="meeting-title" name="title" label={t('meetings.form.title')} errors={errors}>
        {(props) => (
          <input
            {...props}
            type="text"
            required
            maxLength={200}
            defaultValue={values?.title ?? ''}
          />
        )}
      </FormField>
      <div className="form-grid">
        <FormField
          id="meeting-starts"
          name="startsAt"
          label={t('meetings.form.startsAt')}
          help={t('meetings.form.timeHelp')}
          errors={errors}
        >
          {(props) => (
            <input
              {...props}
              type="datetime-local"
              required
              defaultValue={values?.startsAt ?? ''}
            />
          )}
        </FormField>
        <FormField
          id="meeting-ends"
          name="endsAt"
          label={t('meetings.form.endsAt')}
          help={t('meetings.form.timeHelp')}
          errors={errors}
        >
          {(props) => (
            <input {...props} type="datetime-local" required defaultValue={values?.endsAt ?? ''} />
          )}
        </FormField>
        <FormField
          id="meeting-location"
          name="location"
          label={t('meetings.form.location')}
          errors={errors}
        >
          {(props) => (
            <input {...props} type="text" maxLength={300} defaultValue={values?.location ?? ''} />
          )}
        </FormField>
        <FormField
          id="meeting-video"
          name="videoUrl"
          label={t('meetings.form.videoUrl')}
          help={t('meetings.form.videoUrlHelp')}
          errors={errors}
        >
          {(props) => (
            <input {...props} type="url" maxLength={500} defaultValue={values?.videoUrl ?? ''} />
          )}
        </FormField>
      </div>
      <FormField
        id="meeting-description"
        name="description"
        label={t('meetings.form.description')}
        errors={errors}
      >
        {(props) => (
          <textarea {...props} rows={3} maxLength={4000} defaultValue={values?.description ?? ''} />
        )}
      </FormField>
      <FormField
        id="meeting-approval-days"
        name="approvalDays"
        label={t('meetings.form.approvalDays')}
        errors={errors}
      >
        {(props) => (
          <input
            {...props}
            type="number"
            min={1}
            max={60}
            required
            defaultValue={values?.approvalDays ?? 7}
          />
        )}
      </FormField>

      <fieldset className="meetings-fieldset">
        <legend>{t('meetings.form.invitees')}</legend>
        {options.people.length === 0 ? (
          <p>{t('meetings.form.inviteesNone')}</p>
        ) : (
          <ul className="checkbox-list">
            {options.people.map((person) => (
              <li key={person.userId}>
                <label>
                  <input
                    type="checkbox"
                    name="invitees"
                    value={person.userId}
                    defaultChecked={
                      values ? values.invitees.includes(person.userId) : options.groupId !== null
                    }
                  />{' '}
                  {person.displayName}
                  {person.organizationShortName ? ` (${person.organizationShortName})` : ''}
                </label>
              </li>
            ))}
          </ul>
        )}
        {errors?.invitees ? <p className="field-error">{t(errors.invitees)}</p> : null}
      </fieldset>

      <fieldset className="meetings-fieldset">
        <legend>{t('meetings.form.agenda')}</legend>
        <p className="field-help">{t('meetings.form.agendaHelp')}</p>
        {agendaErrors.length > 0 ? (
          <ul className="field-error" role="alert">
            {[...new Set(agendaErrors.map(([, key]) => key))].map((key) =>
              key ? <li key={key}>{t(key)}</li> : null,
            )}
          </ul>
        ) : null}
        <ol className="meetings-agenda-rows">
          {Array.from({ length: rowCount }, (_, row) => {
            const item = agenda[row];
            const titleError = errors?.[`agenda-${row}-title`];
            const durationError = errors?.[`agenda-${row}-durationMinutes`];
            return (
              <li key={row} className="meetings-agenda-row">
                <fieldset>
                  <legend>{t('meetings.form.agendaItem', { number: row + 1 })}</legend>
                  <div className="form-grid">
                    <div className="field">
                      <label htmlFor={`agenda-title-${row}`}>
                        {t('meetings.form.agendaTitle')}
                      </label>
                      <input
                        id={`agenda-title-${row}`}
                        name="agendaTitle"
                        type="text"
                        maxLength={200}
                        defaultValue={item?.title ?? ''}
                        aria-invalid={titleError ? true : undefined}
                        aria-describedby={titleError ? `agenda-title-${row}-error` : undefined}
                      />
                      {titleError ? (
                        <p className="field-error" id={`agenda-title-${row}-error`}>
                          {t(titleError)}
                        </p>
                      ) : null}
                    </div>
                    <div className="field">
                      <label htmlFor={`agenda-duration-${row}`}>
                        {t('meetings.form.duration')}
                      </label>
                      <input
                        id={`agenda-duration-${row}`}
                        name="agendaDuration"
                        type="number"
                        min={1}
                        max={480}
                        defaultValue={item?.durationMinutes ?? ''}
                        aria-invalid={durationError ? true : undefined}
                        aria-describedby={
                          durationError ? `agenda-duration-${row}-error` : undefined
                        }
                      />
                      {durationError ? (
                        <p className="field-error" id={`agenda-duration-${row}-error`}>
                          {t(durationError)}
                        </p>
                      ) : null}
                    </div>
                    <div className="field meetings-agenda-row__measures">
                      <label htmlFor={`agenda-measures-${row}`}>
                        {t('meetings.form.measures')}
                      </label>
                      <p className="field-help" id={`agenda-measures-${row}-help`}>
                        {t('meetings.form.measuresHelp')}
                      </p>
                      <select
                        id={`agenda-measures-${row}`}
                        name="agendaMeasure"
                        aria-describedby={`agenda-measures-${row}-help`}
                        multiple
                        size={Math.min(4, Math.max(2, options.measures.length))}
                        defaultValue={(item?.measureIds ?? []).map((id) => `${row}:${id}`)}
                      >
                        {options.measures.map((measure) => (
                          <option key={measure.measureId} value={`${row}:${measure.measureId}`}>
                            {measure.code} {measure.title}
                          </option>
                        ))}
                      </select>
                    </div>
                  </div>
                </fieldset>
              </li>
            );
          })}
        </ol>
        {rowCount < 50 ? (
          <button
            type="button"
            className="button button--secondary"
            onClick={() => setRowCount((count) => count + 1)}
          >
            {t('meetings.form.addAgendaItem')}
          </button>
        ) : null}
      </fieldset>

      <div className="button-row">
        <button
          type="submit"
          className="button button--primary"
          disabled={navigation.state !== 'idle'}
        >
          {submitLabel}
        </button>
      </div>
    </Form>
  );
}
