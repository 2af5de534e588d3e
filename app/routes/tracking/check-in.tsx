import { data, Form, Link, redirect, useNavigation } from 'react-router';
import type { Route } from './+types/check-in';
import { ErrorPage } from '~/components/error-page';
import { FormField } from '~/components/form-field';
import { useLocale, useT } from '~/components/i18n';
import { FormMessages } from '~/components/form-alert';
import { requireUser } from '~/lib/auth/viewer.server';
import { notFound } from '~/lib/errors';
import {
  describeFailure,
  parseForm,
  rethrowAsResponse,
  type ActionFailure,
} from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';
import { berlinDate, formatDate } from '~/lib/tracking/dates';
import {
  CHECK_IN_ASSESSMENTS,
  CheckInAnswerSchema,
  CheckInValuesSchema,
  IdSchema,
} from '~/lib/tracking/tracking.schema';
import { answerCheckIn, getCheckIn, markCheckInRead } from '~/lib/tracking/tracking.server';
import trackingStyles from '~/styles/tracking.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: trackingStyles }];
export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'tracking.checkIns');

function parseId(params: { checkInId?: string }): string {
  const parsed = IdSchema.safeParse(params.checkInId);
  if (!parsed.success) throw notFound({ checkInId: params.checkInId });
  return parsed.data;
}

export async function loader(args: Route.LoaderArgs) {
  try {
    const checkInId = parseId(args.params);
    const signedIn = await requireUser(args);
    const checkIn = await signedIn.db(async (tx) => {
      const found = await getCheckIn(tx, checkInId);
      await markCheckInRead(tx, checkInId);
      return found;
    });
    return { checkIn };
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

export async function action(args: Route.ActionArgs) {
  const signedIn = await requireUser(args);
  try {
    const checkInId = parseId(args.params);
    const values = await parseForm(args.request.clone(), CheckInValuesSchema);
    const answer = await parseForm(args.request, CheckInAnswerSchema);
    const { measureId } = await answerCheckIn(
      signedIn.db,
      checkInId,
      answer,
      values,
      berlinDate(new Date()),
    );
    throw redirect(`/massnahmen/${measureId}/umsetzung`);
  } catch (error) {
    if (error instanceof Response) throw error;
    const { body, init } = describeFailure(error);
    return data<ActionFailure>(body, init);
  }
}

export default function CheckInPage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const { checkIn } = loaderData;
  const failure = actionData && !actionData.ok ? actionData : null;
  const number = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB');
  return (
    <div className="page tracking-page">
      <p className="tracking-breadcrumb">
        <Link to={`/massnahmen/${checkIn.measureId}/umsetzung`}>
          {t('tracking.title')}: {checkIn.measureCode}
        </Link>
      </p>
      <h1>
        {t('tracking.checkIn.title', {
          period: checkIn.period,
          code: checkIn.measureCode,
          title: checkIn.measureTitle,
        })}
      </h1>
      <p>
        {t('tracking.checkIn.dueDate')}: {formatDate(checkIn.dueDate, locale)}
        {checkIn.isEscalated && checkIn.state === 'open'
          ? ` · ${t('tracking.checkIn.state.escalated')}`
          : ''}
      </p>
      {checkIn.state === 'submitted' ? (
        <section className="panel" aria-labelledby="answer">
          <h2 id="answer">{t('tracking.checkIn.state.submitted')}</h2>
          <dl className="facts">
            <dt>{t('tracking.checkIn.assessment')}</dt>
            <dd>{checkIn.assessment ? t(`tracking.assessment.${checkIn.assessment}`) : '—'}</dd>
            <dt>{t('tracking.checkIn.statusNote')}</dt>
            <dd>{checkIn.statusNote || '—'}</dd>
            <dt>{t('tracking.checkIn.nextMilestone')}</dt>
            <dd>{checkIn.nextMilestone || '—'}</dd>
            <dt>{t('tracking.checkIn.blockers')}</dt>
            <dd>{checkIn.blockers || '—'}</dd>
          </dl>
          {checkIn.submittedBy ? (
            <p className="tracking-muted">
              {t('tracking.checkIn.answeredBy', { name: checkIn.submittedBy })}
            </p>
          ) : null}
        </section>
      ) : checkIn.canAnswer ? (
        <Form method="post" className="form panel" noValidate>
          <h2>{t('tracking.checkIn.answer')}</h2>
          <FormMessages failure={failure} isSaved={false} />
          <fieldset className="fieldset-plain">
            <legend>{t('tracking.checkIn.assessment')}</legend>
            <ul className="checkbox-list">
              {CHECK_IN_ASSESSMENTS.map((assessment) => (
                <li key={assessment}>
                  <label>
                    <input
                      type="radio"
                      name="assessment"
                      value={assessment}
                      required
                      aria-describedby={
                        failure?.fieldErrors.assessment ? 'assessment-error' : undefined
                      }
                    />
                    <span>{t(`tracking.assessment.${assessment}`)}</span>
                  </label>
                </li>
              ))}
            </ul>
            {failure?.fieldErrors.assessment ? (
              <p className="field-error" id="assessment-error">
                {t(failure.fieldErrors.assessment)}
              </p>
            ) : null}
          </fieldset>
          <FormField
            id="statusNote"
            name="statusNote"
            label={t('tracking.checkIn.statusNote')}
            errors={failure?.fieldErrors}
          >
            {(props) => <textarea {...props} maxLength={4000} />}
          </FormField>
          <FormField
            id="nextMilestone"
            name="nextMilestone"
            label={t('tracking.checkIn.nextMilestone')}
            errors={failure?.fieldErrors}
          >
            {(props) => <input {...props} maxLength={500} />}
          </FormField>
          <FormField
            id="blockers"
            name="blockers"
            label={t('tracking.checkIn.blockers')}
            errors={failure?.fieldErrors}
          >
            {(props) => <textarea {...props} maxLength={4000} />}
          </FormField>
          {checkIn.indicators.length > 0 ? (
            <fieldset className="fieldset-plain">
              <legend>{t('tracking.checkIn.values')}</legend>
              <div className="form-grid">
                {checkIn.indicators.map((indicator) => (
                  <FormField
                    key={indicator.indicatorId}
                    id={`value-${indicator.indicatorId}`}
                    name={`value:${indicator.indicatorId}`}
                    label={
                      indicator.unit
                        ? t('tracking.checkIn.valueLabel', {
                            name: indicator.name,
                            unit: indicator.unit,
                          })
                        : indicator.name
                    }
                    help={
                      indicator.latestValue === null
                        ? t('tracking.valueHelp')
                        : t('tracking.checkIn.valueLatest', {
                            value: number.format(indicator.latestValue),
                          })
                    }
                    errors={failure?.fieldErrors}
                  >
                    {(props) => <input {...props} inputMode="decimal" />}
                  </FormField>
                ))}
              </div>
            </fieldset>
          ) : null}
          <div>
            <button
              type="submit"
              className="button button--primary"
              disabled={navigation.state !== 'idle'}
            >
              {t('tracking.checkIn.submit')}
            </button>
          </div>
        </Form>
      ) : (
        <p className="notice">{t('tracking.readOnly')}</p>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
