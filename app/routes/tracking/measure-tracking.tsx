import { data, Form, Link, redirect, useNavigation } from 'react-router';
import { z } from 'zod';
import type { Route } from './+types/measure-tracking';
import { ErrorPage } from '~/components/error-page';
import { FormField } from '~/components/form-field';
import { useLocale, useT } from '~/components/i18n';
import { KindBadge, StatusBadge } from '~/components/measures/badges';
import { FormMessages } from '~/components/form-alert';
import { ProgressMeter, TableScroll } from '~/components/tracking/parts';
import { requireUser } from '~/lib/auth/viewer.server';
import {
  type ActionFailure,
  describeFailure,
  idParam,
  parseForm,
  rethrowAsResponse,
} from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import { MEASURE_KINDS } from '~/lib/measures/measures.schema';
import { SCORE_NAMES } from '~/lib/tracking/classification';
import { berlinDate, formatDate } from '~/lib/tracking/dates';
import {
  AssessmentSchema,
  DecisionSchema,
  IdSchema,
  IndicatorSchema,
  IndicatorValueSchema,
  MilestoneDoneSchema,
  MilestoneSchema,
  ScheduleSchema,
} from '~/lib/tracking/tracking.schema';
import {
  addIndicator,
  addMilestone,
  assessMeasure,
  decideKind,
  deleteIndicator,
  deleteMilestone,
  getMeasureTracking,
  recordIndicatorValue,
  setMilestoneDone,
  setSchedule,
} from '~/lib/tracking/tracking.server';
import trackingStyles from '~/styles/tracking.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: trackingStyles }];

export const meta: Route.MetaFunction = ({ data: loaderData, matches }) =>
  loaderData
    ? [{ title: `${loaderData.tracking.code} Umsetzung – Masterplan-Werkstatt` }]
    : pageTitle(matches, 'error.title');

export async function loader(args: Route.LoaderArgs) {
  try {
    const measureId = idParam(args.params, 'measureId');
    const signedIn = await requireUser(args);
    const locale = getLocale(args.request, signedIn.viewer.locale);
    const tracking = await signedIn.db((tx) =>
      getMeasureTracking(tx, measureId, locale, berlinDate(new Date())),
    );
    return { tracking };
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

const INTENTS = [
  'milestone.add',
  'milestone.done',
  'milestone.delete',
  'indicator.add',
  'indicator.delete',
  'value.add',
  'assess',
  'decide',
  'schedule',
] as const;
type Intent = (typeof INTENTS)[number];
const IntentSchema = z.object({ intent: z.enum(INTENTS) });
const MilestoneIdSchema = z.object({ milestoneId: IdSchema });
const IndicatorIdSchema = z.object({ indicatorId: IdSchema });

type ActionResult =
  | { ok: true; intent: Intent; target: string | null }
  | (ActionFailure & { intent: Intent | null; target: string | null });

export async function action(args: Route.ActionArgs) {
  const signedIn = await requireUser(args);
  let intent: Intent | null = null;
  let target: string | null = null;
  try {
    const measureId = idParam(args.params, 'measureId');
    const form = await args.request.clone().formData();
    intent = IntentSchema.parse({ intent: form.get('intent') }).intent;
    target = typeof form.get('target') === 'string' ? String(form.get('target')) : null;
    const { db } = signedIn;
    const request = args.request;
    switch (intent) {
      case 'milestone.add':
        await addMilestone(db, measureId, await parseForm(request, MilestoneSchema));
        break;
      case 'milestone.done': {
        const input = await parseForm(request, MilestoneDoneSchema);
        await setMilestoneDone(db, measureId, input.milestoneId, input.doneDate);
        break;
      }
      case 'milestone.delete': {
        const input = await parseForm(request, MilestoneIdSchema);
        await deleteMilestone(db, measureId, input.milestoneId);
        break;
      }
      case 'indicator.add':
        await addIndicator(db, measureId, await parseForm(request, IndicatorSchema));
        break;
      case 'indicator.delete': {
        const input = await parseForm(request, IndicatorIdSchema);
        await deleteIndicator(db, measureId, input.indicatorId);
        break;
      }
      case 'value.add':
        await recordIndicatorValue(db, measureId, await parseForm(request, IndicatorValueSchema));
        break;
      case 'assess':
        await assessMeasure(db, measureId, await parseForm(request, AssessmentSchema));
        break;
      case 'decide':
        await decideKind(db, measureId, await parseForm(request, DecisionSchema));
        break;
      case 'schedule':
        await setSchedule(db, measureId, await parseForm(request, ScheduleSchema));
        break;
    }
    return data<ActionResult>({ ok: true, intent, target });
  } catch (error) {
    if (error instanceof z.ZodError) throw redirect(args.request.url);
    const { body, init } = describeFailure(error);
    return data<ActionResult>({ ...body, intent, target }, init);
  }
}

function useResult(actionData: unknown, intent: Intent, target: string | null = null) {
  const result = actionData as ActionResult | undefined;
  if (!result || result.intent !== intent || (target !== null && result.target !== target))
    return { failure: null, isSaved: false };
  return result.ok ? { failure: null, isSaved: true } : { failure: result, isSaved: false };
}

export default function MeasureTrackingPage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const navigation = useNavigation();
  const isBusy = navigation.state !== 'idle';
  const { tracking } = loaderData;
  const { can } = tracking;
  const milestoneAdd = useResult(actionData, 'milestone.add');
  const milestoneDone = useResult(actionData, 'milestone.done');
  const milestoneDelete = useResult(actionData, 'milestone.delete');
  const indicatorDelete = useResult(actionData, 'indicator.delete');
  const indicatorAdd = useResult(actionData, 'indicator.add');
  const assess = useResult(actionData, 'assess');
  const decide = useResult(actionData, 'decide');
  const schedule = useResult(actionData, 'schedule');
  const number = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB');
  const show = (value: number | null) => (value === null ? '—' : number.format(value));

  return (
    <div className="page page--wide tracking-page">
      <p className="tracking-breadcrumb">
        <Link to={`/massnahmen/${tracking.measureId}`}>{t('tracking.backToMeasure')}</Link>
      </p>
      <header className="measure-header">
        <p className="measure-code">
          {tracking.code} · {tracking.themeName}
        </p>
        <h1>
          {t('tracking.title')}: {tracking.title}
        </h1>
        <p className="measure-card__badges">
          <KindBadge kind={tracking.kind} /> <StatusBadge status={tracking.status} />
        </p>
      </header>
      {can.write ? null : <p className="notice">{t('tracking.readOnly')}</p>}

      <section className="panel" aria-labelledby="section-progress">
        <h2 id="section-progress">{t('tracking.progress')}</h2>
        <ProgressMeter value={tracking.progress.value} label={t('tracking.progress')} />
        <p className="tracking-muted">
          {tracking.progress.source === 'indicators'
            ? t('tracking.progressDerived')
            : t('tracking.progressManual')}
        </p>
      </section>

      <section className="panel" aria-labelledby="section-milestones">
        <h2 id="section-milestones">{t('tracking.milestones')}</h2>
        <FormMessages failure={milestoneDone.failure ?? milestoneDelete.failure} isSaved={false} />
        {tracking.milestones.length === 0 ? (
          <p>{t('tracking.milestones.empty')}</p>
        ) : (
          <TableScroll label={t('tracking.milestones')}>
            <table className="tracking-table">
              <thead>
                <tr>
                  <th scope="col">{t('tracking.milestone.title')}</th>
                  <th scope="col">{t('tracking.milestone.dueDate')}</th>
                  <th scope="col">{t('tracking.milestone.state')}</th>
                  <th scope="col">{t('tracking.milestone.responsible')}</th>
                  {can.write ? <th scope="col">{t('admin.actions')}</th> : null}
                </tr>
              </thead>
              <tbody>
                {tracking.milestones.map((milestone) => (
                  <tr
                    key={milestone.milestoneId}
                    className={milestone.isOverdue ? 'is-overdue' : undefined}
                  >
                    <th scope="row">{milestone.title}</th>
                    <td>{formatDate(milestone.dueDate, locale)}</td>
                    <td>
                      {milestone.doneDate ? (
                        <span className="tracking-state tracking-state--done">
                          ✓ {t('tracking.milestone.done')} {formatDate(milestone.doneDate, locale)}
                        </span>
                      ) : milestone.isOverdue ? (
                        <span className="tracking-state tracking-state--overdue">
                          ! {t('tracking.milestone.overdue')}
                        </span>
                      ) : (
                        <span className="tracking-state">{t('tracking.milestone.open')}</span>
                      )}
                    </td>
                    <td>{milestone.responsibleOrganization?.shortName ?? '—'}</td>
                    {can.write ? (
                      <td>
                        <div className="tracking-row-actions">
                          <Form method="post">
                            <input type="hidden" name="intent" value="milestone.done" />
                            <input type="hidden" name="milestoneId" value={milestone.milestoneId} />
                            <input
                              type="hidden"
                              name="doneDate"
                              value={milestone.doneDate ? '' : berlinDate(new Date())}
                            />
                            <button
                              type="submit"
                              className="button button--link"
                              disabled={isBusy}
                              aria-label={t(
                                milestone.doneDate
                                  ? 'tracking.milestone.reopenItem'
                                  : 'tracking.milestone.markDoneItem',
                                { name: milestone.title },
                              )}
                            >
                              {t(
                                milestone.doneDate
                                  ? 'tracking.milestone.reopen'
                                  : 'tracking.milestone.markDone',
                              )}
                            </button>
                          </Form>
                          <Form method="post">
                            <input type="hidden" name="intent" value="milestone.delete" />
                            <input type="hidden" name="milestoneId" value={milestone.milestoneId} />
                            <button
                              type="submit"
                              className="button button--link"
                              disabled={isBusy}
                              aria-label={t('tracking.deleteItem', { name: milestone.title })}
                            >
                              {t('tracking.delete')}
                            </button>
                          </Form>
                        </div>
                      </td>
                    ) : null}
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
        {can.write ? (
          <Form
            method="post"
            className="form tracking-form"
            noValidate
            key={`ms-${tracking.milestones.length}`}
          >
            <h3>{t('tracking.milestone.add')}</h3>
            <input type="hidden" name="intent" value="milestone.add" />
            <FormMessages failure={milestoneAdd.failure} isSaved={milestoneAdd.isSaved} />
            <div className="form-grid">
              <FormField
                id="ms-title"
                name="title"
                label={t('tracking.milestone.title')}
                errors={milestoneAdd.failure?.fieldErrors}
              >
                {(props) => <input {...props} required maxLength={200} />}
              </FormField>
              <FormField
                id="ms-due"
                name="dueDate"
                label={t('tracking.milestone.dueDate')}
                errors={milestoneAdd.failure?.fieldErrors}
              >
                {(props) => <input {...props} type="date" required />}
              </FormField>
              <FormField
                id="ms-responsible"
                name="responsibleOrganizationId"
                label={t('tracking.milestone.responsible')}
                errors={milestoneAdd.failure?.fieldErrors}
              >
                {(props) => (
                  <select {...props} defaultValue="">
                    <option value="">{t('tracking.milestone.noResponsible')}</option>
                    {tracking.organizations.map((o) => (
                      <option key={o.organizationId} value={o.organizationId}>
                        {o.shortName}
                      </option>
                    ))}
                  </select>
                )}
              </FormField>
            </div>
            <div>
              <button type="submit" className="button button--secondary" disabled={isBusy}>
                {t('tracking.milestone.add')}
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="section-indicators">
        <h2 id="section-indicators">{t('tracking.indicators')}</h2>
        <FormMessages failure={indicatorDelete.failure} isSaved={false} />
        {tracking.indicators.length === 0 ? <p>{t('tracking.indicators.empty')}</p> : null}
        {tracking.indicators.map((indicator) => (
          <IndicatorBlock
            key={indicator.indicatorId}
            indicator={indicator}
            canWrite={can.write}
            isBusy={isBusy}
            actionData={actionData}
            show={show}
          />
        ))}
        {can.write ? (
          <Form
            method="post"
            className="form tracking-form"
            noValidate
            key={`ind-${tracking.indicators.length}`}
          >
            <h3>{t('tracking.indicator.add')}</h3>
            <input type="hidden" name="intent" value="indicator.add" />
            <FormMessages failure={indicatorAdd.failure} isSaved={indicatorAdd.isSaved} />
            <div className="form-grid">
              <FormField
                id="ind-name"
                name="name"
                label={t('tracking.indicator.name')}
                errors={indicatorAdd.failure?.fieldErrors}
              >
                {(props) => <input {...props} required maxLength={200} />}
              </FormField>
              <FormField
                id="ind-unit"
                name="unit"
                label={t('tracking.indicator.unit')}
                errors={indicatorAdd.failure?.fieldErrors}
              >
                {(props) => <input {...props} maxLength={40} />}
              </FormField>
              <FormField
                id="ind-baseline"
                name="baselineValue"
                label={t('tracking.indicator.baselineValue')}
                help={t('tracking.valueHelp')}
                errors={indicatorAdd.failure?.fieldErrors}
              >
                {(props) => <input {...props} inputMode="decimal" />}
              </FormField>
              <FormField
                id="ind-baseline-date"
                name="baselineDate"
                label={t('tracking.indicator.baselineDate')}
                errors={indicatorAdd.failure?.fieldErrors}
              >
                {(props) => <input {...props} type="date" />}
              </FormField>
              <FormField
                id="ind-target"
                name="targetValue"
                label={t('tracking.indicator.targetValue')}
                errors={indicatorAdd.failure?.fieldErrors}
              >
                {(props) => <input {...props} inputMode="decimal" />}
              </FormField>
              <FormField
                id="ind-target-date"
                name="targetDate"
                label={t('tracking.indicator.targetDate')}
                errors={indicatorAdd.failure?.fieldErrors}
              >
                {(props) => <input {...props} type="date" />}
              </FormField>
            </div>
            <div>
              <button type="submit" className="button button--secondary" disabled={isBusy}>
                {t('tracking.indicator.add')}
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="section-classification">
        <h2 id="section-classification">{t('tracking.classification')}</h2>
        <p>{t('tracking.classification.intro')}</p>
        {tracking.assessment ? (
          <div className="tracking-suggestion" role="status">
            <p>
              <strong>
                {t('tracking.classification.suggestion', {
                  kind: t(`measure.kind.${tracking.assessment.suggestion}`),
                })}
              </strong>
              {' · '}
              {t('tracking.classification.quickWinScore', {
                score: number.format(tracking.assessment.quickWinScore),
              })}
            </p>
            <dl className="facts">
              {SCORE_NAMES.map((name) => (
                <div key={name} style={{ display: 'contents' }}>
                  <dt>{t(`tracking.score.${name}`)}</dt>
                  <dd>{tracking.assessment?.[name]}</dd>
                </div>
              ))}
            </dl>
            {tracking.assessment.assessedBy ? (
              <p className="tracking-muted">
                {t('tracking.classification.assessedBy', { name: tracking.assessment.assessedBy })}
              </p>
            ) : null}
          </div>
        ) : (
          <p>{t('tracking.classification.none')}</p>
        )}
        <p className="field-help">{t('tracking.classification.rule')}</p>
        {can.write ? (
          <Form
            method="post"
            className="form tracking-form"
            noValidate
            key={`assess-${tracking.assessment?.createdAt ?? 'none'}`}
          >
            <input type="hidden" name="intent" value="assess" />
            <FormMessages failure={assess.failure} isSaved={assess.isSaved} />
            <div className="form-grid">
              {SCORE_NAMES.map((name) => (
                <FormField
                  key={name}
                  id={`score-${name}`}
                  name={name}
                  label={t(`tracking.score.${name}`)}
                  help={t(`tracking.score.${name}.help`)}
                  errors={assess.failure?.fieldErrors}
                >
                  {(props) => (
                    <select {...props} defaultValue={String(tracking.assessment?.[name] ?? 3)}>
                      {[1, 2, 3, 4, 5].map((value) => (
                        <option key={value} value={value}>
                          {value}
                        </option>
                      ))}
                    </select>
                  )}
                </FormField>
              ))}
            </div>
            <FormField
              id="score-note"
              name="note"
              label={t('tracking.score.note')}
              errors={assess.failure?.fieldErrors}
            >
              {(props) => <textarea {...props} maxLength={2000} />}
            </FormField>
            <div>
              <button type="submit" className="button button--secondary" disabled={isBusy}>
                {t('tracking.classification.assess')}
              </button>
            </div>
          </Form>
        ) : null}

        <h3>{t('tracking.decision')}</h3>
        {tracking.decisions.length === 0 ? (
          <p>{t('tracking.decision.none')}</p>
        ) : (
          <ul className="timeline">
            {tracking.decisions.map((decision) => (
              <li key={decision.createdAt}>
                <time dateTime={decision.createdAt}>
                  {formatDate(decision.createdAt.slice(0, 10), locale)}
                </time>
                <strong>
                  {t('tracking.decision.entry', {
                    kind: t(`measure.kind.${decision.kind}`),
                    name: decision.decidedBy ?? '—',
                  })}
                </strong>
                {decision.suggestedKind
                  ? ` ${t('tracking.decision.suggested', { kind: t(`measure.kind.${decision.suggestedKind}`) })}`
                  : null}
                <p>{decision.reason}</p>
              </li>
            ))}
          </ul>
        )}
        {can.moderate ? (
          <Form
            method="post"
            className="form tracking-form"
            noValidate
            key={`decide-${tracking.decisions.length}`}
          >
            <input type="hidden" name="intent" value="decide" />
            <FormMessages failure={decide.failure} isSaved={decide.isSaved} />
            <FormField
              id="decision-kind"
              name="kind"
              label={t('tracking.decision.kind')}
              errors={decide.failure?.fieldErrors}
            >
              {(props) => (
                <select {...props} defaultValue={tracking.assessment?.suggestion ?? tracking.kind}>
                  {MEASURE_KINDS.map((kind) => (
                    <option key={kind} value={kind}>
                      {t(`measure.kind.${kind}`)}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
            <FormField
              id="decision-reason"
              name="reason"
              label={t('tracking.decision.reason')}
              help={t('tracking.decision.reasonHelp')}
              errors={decide.failure?.fieldErrors}
            >
              {(props) => <textarea {...props} required minLength={10} maxLength={2000} />}
            </FormField>
            <div>
              <button type="submit" className="button button--primary" disabled={isBusy}>
                {t('tracking.decision.save')}
              </button>
            </div>
          </Form>
        ) : null}
      </section>

      <section className="panel" aria-labelledby="section-check-ins">
        <h2 id="section-check-ins">{t('tracking.checkIns')}</h2>
        <p>{t('tracking.checkIns.intro')}</p>
        <p>
          <strong>
            {t('tracking.schedule.current', {
              count: tracking.schedule.intervalMonths,
              paused: tracking.schedule.isPaused ? t('tracking.schedule.pausedSuffix') : '',
            })}
          </strong>
        </p>
        {can.moderate ? (
          <Form
            method="post"
            className="form tracking-form tracking-form--inline"
            noValidate
            key={`sched-${tracking.schedule.intervalMonths}-${tracking.schedule.isPaused}`}
          >
            <input type="hidden" name="intent" value="schedule" />
            <FormMessages failure={schedule.failure} isSaved={schedule.isSaved} />
            <FormField
              id="schedule-interval"
              name="intervalMonths"
              label={t('tracking.schedule.interval')}
              errors={schedule.failure?.fieldErrors}
            >
              {(props) => (
                <input
                  {...props}
                  type="number"
                  min={1}
                  max={12}
                  step={1}
                  defaultValue={tracking.schedule.intervalMonths}
                />
              )}
            </FormField>
            <div className="field field--checkbox">
              <input
                id="schedule-paused"
                name="isPaused"
                type="checkbox"
                value="1"
                defaultChecked={tracking.schedule.isPaused}
              />
              <label htmlFor="schedule-paused">{t('tracking.schedule.paused')}</label>
            </div>
            <div>
              <button type="submit" className="button button--secondary" disabled={isBusy}>
                {t('tracking.schedule.save')}
              </button>
            </div>
          </Form>
        ) : null}
        {tracking.checkIns.length === 0 ? (
          <p>{t('tracking.checkIns.empty')}</p>
        ) : (
          <TableScroll label={t('tracking.checkIns')}>
            <table className="tracking-table">
              <thead>
                <tr>
                  <th scope="col">{t('tracking.checkIn.period')}</th>
                  <th scope="col">{t('tracking.checkIn.dueDate')}</th>
                  <th scope="col">{t('tracking.checkIn.state')}</th>
                  <th scope="col">{t('tracking.checkIn.blockers')}</th>
                </tr>
              </thead>
              <tbody>
                {tracking.checkIns.map((checkIn) => (
                  <tr key={checkIn.checkInId}>
                    <th scope="row">
                      <Link to={`/check-ins/${checkIn.checkInId}`}>{checkIn.period}</Link>
                    </th>
                    <td>{formatDate(checkIn.dueDate, locale)}</td>
                    <td>
                      {checkIn.state === 'submitted'
                        ? `✓ ${t('tracking.checkIn.state.submitted')}${checkIn.assessment ? ` – ${t(`tracking.assessment.${checkIn.assessment}`)}` : ''}`
                        : checkIn.isEscalated
                          ? `! ${t('tracking.checkIn.state.escalated')}`
                          : t('tracking.checkIn.state.open')}
                    </td>
                    <td>{checkIn.blockers || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableScroll>
        )}
      </section>
    </div>
  );
}

function IndicatorBlock({
  indicator,
  canWrite,
  isBusy,
  actionData,
  show,
}: {
  indicator: Route.ComponentProps['loaderData']['tracking']['indicators'][number];
  canWrite: boolean;
  isBusy: boolean;
  actionData: unknown;
  show: (value: number | null) => string;
}) {
  const t = useT();
  const locale = useLocale();
  const valueAdd = useResult(actionData, 'value.add', indicator.indicatorId);
  const id = indicator.indicatorId.slice(0, 8);
  const unit = indicator.unit ? ` ${indicator.unit}` : '';
  return (
    <article className="tracking-indicator" aria-labelledby={`ind-${id}`}>
      <h3 id={`ind-${id}`}>{indicator.name}</h3>
      <dl className="facts">
        <dt>{t('tracking.indicator.baseline')}</dt>
        <dd>
          {show(indicator.baselineValue)}
          {unit} ({formatDate(indicator.baselineDate, locale)})
        </dd>
        <dt>{t('tracking.indicator.target')}</dt>
        <dd>
          {show(indicator.targetValue)}
          {unit} ({formatDate(indicator.targetDate, locale)})
        </dd>
        <dt>{t('tracking.indicator.latest')}</dt>
        <dd>
          {show(indicator.latestValue)}
          {unit} ({formatDate(indicator.latestDate, locale)})
        </dd>
      </dl>
      {indicator.progress !== null ? (
        <ProgressMeter
          value={indicator.progress}
          label={`${t('tracking.progress')}: ${indicator.name}`}
        />
      ) : null}
      <details>
        <summary>
          {t('tracking.indicator.history', { name: indicator.name })} (
          {t('tracking.indicator.valuesCount', { count: indicator.values.length })})
        </summary>
        {indicator.values.length === 0 ? (
          <p>{t('tracking.indicator.noValues')}</p>
        ) : (
          <table className="tracking-table">
            <thead>
              <tr>
                <th scope="col">{t('tracking.value.date')}</th>
                <th scope="col">{t('tracking.value.value')}</th>
                <th scope="col">{t('tracking.value.source')}</th>
                <th scope="col">{t('tracking.value.enteredBy')}</th>
              </tr>
            </thead>
            <tbody>
              {indicator.values.map((value) => (
                <tr key={value.indicatorValueId}>
                  <td>{formatDate(value.measuredDate, locale)}</td>
                  <td>
                    {show(value.value)}
                    {unit}
                  </td>
                  <td>{value.source || '—'}</td>
                  <td>{value.enteredBy ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
      {canWrite ? (
        <div className="tracking-indicator__actions">
          <Form
            method="post"
            className="form tracking-form tracking-form--inline"
            noValidate
            key={`val-${indicator.values.length}`}
          >
            <input type="hidden" name="intent" value="value.add" />
            <input type="hidden" name="target" value={indicator.indicatorId} />
            <input type="hidden" name="indicatorId" value={indicator.indicatorId} />
            <FormMessages failure={valueAdd.failure} isSaved={valueAdd.isSaved} />
            <FormField
              id={`val-${id}`}
              name="value"
              label={t('tracking.value.value')}
              errors={valueAdd.failure?.fieldErrors}
            >
              {(props) => <input {...props} inputMode="decimal" required />}
            </FormField>
            <FormField
              id={`val-date-${id}`}
              name="measuredDate"
              label={t('tracking.value.date')}
              errors={valueAdd.failure?.fieldErrors}
            >
              {(props) => (
                <input {...props} type="date" required defaultValue={berlinDate(new Date())} />
              )}
            </FormField>
            <FormField
              id={`val-source-${id}`}
              name="source"
              label={t('tracking.value.source')}
              errors={valueAdd.failure?.fieldErrors}
            >
              {(props) => <input {...props} maxLength={300} />}
            </FormField>
            <div>
              <button
                type="submit"
                className="button button--secondary"
                disabled={isBusy}
                aria-label={t('tracking.value.addFor', { name: indicator.name })}
              >
                {t('tracking.value.add')}
              </button>
            </div>
          </Form>
          <Form method="post">
            <input type="hidden" name="intent" value="indicator.delete" />
            <input type="hidden" name="indicatorId" value={indicator.indicatorId} />
            <button
              type="submit"
              className="button button--link"
              disabled={isBusy}
              aria-label={t('tracking.deleteItem', { name: indicator.name })}
            >
              {t('tracking.delete')}
            </button>
          </Form>
        </div>
      ) : null}
    </article>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
