import { useCallback, useEffect, useRef, useState } from 'react';
import { data, Form, Link, redirect, useNavigate, useNavigation } from 'react-router';
import { z } from 'zod';
import type { Route } from './+types/measure';
import type { EditorHandle } from '~/collab/comment-anchors';
import { MeasureEditor } from '~/collab/measure-editor';
import { ErrorPage } from '~/components/error-page';
import { FormMessages } from '~/components/form-alert';
import { FormField } from '~/components/form-field';
import { useT } from '~/components/i18n';
import { ActivityTimeline } from '~/components/measures/activity-timeline';
import { KindBadge, StatusBadge, VisibilityBadge } from '~/components/measures/badges';
import { MeasureDecisions } from '~/components/meetings/decision-list';
import { DecisionRecorder } from '~/components/meetings/decision-recorder';
import { CommentsPanel } from '~/components/review/comments-panel';
import { SignoffPanel } from '~/components/review/signoff-panel';
import { redirectToSignIn } from '~/lib/auth/session.server';
import { getSignedIn, requireUser } from '~/lib/auth/viewer.server';
import { withAnon } from '~/lib/db/with-user.server';
import {
  type ActionFailure,
  describeFailure,
  idParam,
  parseForm,
  rethrowAsResponse,
} from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import type { MessageKey } from '~/lib/i18n/messages';
import {
  HORIZONS,
  MEASURE_KINDS,
  MeasureDetailsSchema,
  NetworksSchema,
  ORGANIZATION_ROLES,
  OrganizationRolesSchema,
  StatusChangeSchema,
  VISIBILITIES,
  VisibilitySchema,
  DETAIL_FIELDS,
  mergeDetails,
  parseOriginal,
  type DetailField,
  type DetailValues,
} from '~/lib/measures/measures.schema';
import {
  changeStatus,
  getMeasure,
  listNetworks,
  listOrganizations,
  MeasureConflict,
  requireVisibleMeasure,
  setNetworks,
  setOrganizations,
  setVisibility,
  updateMeasureDetails,
} from '~/lib/measures/measures.server';
import { listDecisionMeetings, listMeasureDecisions } from '~/lib/meetings/meetings.server';
import {
  canComment,
  getVersion,
  listMentionable,
  listSignoff,
  listThreads,
} from '~/lib/review/review.server';

export const meta: Route.MetaFunction = ({ data: loaderData, matches }) =>
  loaderData
    ? [{ title: `${loaderData.measure.code} ${loaderData.measure.title} – Masterplan-Werkstatt` }]
    : pageTitle(matches, 'error.title');

export async function loader(args: Route.LoaderArgs) {
  try {
    const measureId = idParam(args.params, 'measureId');
    const signedIn = await getSignedIn(args);
    const locale = getLocale(args.request, signedIn?.viewer.locale);
    const isSignedIn = signedIn !== null;
    const run = signedIn ? signedIn.db : withAnon;
    const result = await run(async (tx) => {
      const measure = await getMeasure(tx, measureId, locale, { isSignedIn });
      if (!measure) {
        if (!isSignedIn) return null;
        await requireVisibleMeasure(tx, measureId);
      }
      const pickers = measure?.can.write
        ? { organizations: await listOrganizations(tx), networks: await listNetworks(tx) }
        : { organizations: [], networks: [] };
      const editor = signedIn
        ? {
            name: signedIn.viewer.displayName,
            organization: signedIn.viewer.organization?.shortName ?? null,
          }
        : null;
      if (!measure) return null;
      // Review and agreement, for signed-in readers only (comments and signatures are never public).
      const review = signedIn
        ? {
            threads: await listThreads(tx, measureId),
            mentionable: await listMentionable(tx, measureId),
            canComment: await canComment(tx, measureId),
            signoff: await listSignoff(tx, measureId),
            decisions: await listMeasureDecisions(tx, measureId),
            decisionMeetings: await listDecisionMeetings(tx, measureId),
          }
        : null;
      // "?wiederherstellen=<version>" from a version page: moderators write that text back.
      const restoreId = z
        .uuid()
        .safeParse(new URL(args.request.url).searchParams.get('wiederherstellen'));
      const restore =
        restoreId.success && measure.can.moderate
          ? await getVersion(tx, measureId, restoreId.data).then((version) => ({
              versionId: version.versionId,
              number: version.number,
              html: version.contentHtml,
            }))
          : null;
      return { measure, editor, ...pickers, review, restore };
    });
    if (!result) redirectToSignIn(args.request);
    return result;
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

const IntentSchema = z.object({
  intent: z.enum(['details', 'status', 'visibility', 'organizations', 'networks']),
});
type Intent = z.infer<typeof IntentSchema>['intent'];

interface Failure extends ActionFailure {
  intent: Intent | null;
  conflict: {
    merged: DetailValues;
    theirs: MeasureConflict['theirs'];
    yours: DetailValues;
    changedByOthers: DetailField[];
    clashes: DetailField[];
  } | null;
}
type ActionResult = { ok: true; intent: Intent } | Failure;

export async function action(args: Route.ActionArgs) {
  const signedIn = await requireUser(args);
  let intent: Intent | null = null;
  try {
    const measureId = idParam(args.params, 'measureId');
    const form = await args.request.clone().formData();
    intent = IntentSchema.parse({ intent: form.get('intent') }).intent;
    const { db } = signedIn;
    switch (intent) {
      case 'details':
        await updateMeasureDetails(
          db,
          measureId,
          await parseForm(args.request, MeasureDetailsSchema),
        );
        break;
      case 'status':
        await changeStatus(db, measureId, await parseForm(args.request, StatusChangeSchema));
        break;
      case 'visibility':
        await setVisibility(
          db,
          measureId,
          (await parseForm(args.request, VisibilitySchema)).visibility,
        );
        break;
      case 'organizations':
        await setOrganizations(
          db,
          measureId,
          await parseForm(args.request, OrganizationRolesSchema),
        );
        break;
      case 'networks':
        await setNetworks(db, measureId, await parseForm(args.request, NetworksSchema));
        break;
    }
    return data<ActionResult>({ ok: true, intent });
  } catch (error) {
    if (error instanceof z.ZodError) throw redirect(args.request.url);
    const { body, init } = describeFailure(error);
    const conflict =
      error instanceof MeasureConflict
        ? {
            ...mergeDetails(error.yours, parseOriginal(error.yours.original), error.theirs),
            yours: error.yours,
            theirs: error.theirs,
          }
        : null;
    return data<ActionResult>({ ...body, intent, conflict }, init);
  }
}

function useIntentResult(
  actionData: unknown,
  intent: Intent,
): { failure: Failure | null; isSaved: boolean } {
  const result = actionData as ActionResult | undefined;
  if (!result || result.intent !== intent) return { failure: null, isSaved: false };
  return result.ok ? { failure: null, isSaved: true } : { failure: result, isSaved: false };
}

const CONFLICT_FIELDS: { field: DetailField; label: MessageKey }[] = [
  { field: 'title', label: 'measure.title' },
  { field: 'summary', label: 'measure.summary' },
  { field: 'kind', label: 'measure.kind' },
  { field: 'horizon', label: 'measure.horizon' },
  { field: 'startDate', label: 'measure.startDate' },
  { field: 'dueDate', label: 'measure.dueDate' },
  { field: 'progress', label: 'measure.progress' },
  { field: 'newStructureJustification', label: 'measure.justification' },
];

export default function MeasurePage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navigation = useNavigation();
  const isBusy = navigation.state !== 'idle';
  const { measure, organizations, networks, editor, review, restore } = loaderData;
  const [handle, setHandle] = useState<EditorHandle | null>(null);
  const onHandle = useCallback((next: EditorHandle | null) => setHandle(next), []);
  const restored = useRestore(handle, restore);
  const details = useIntentResult(actionData, 'details');
  const status = useIntentResult(actionData, 'status');
  const visibility = useIntentResult(actionData, 'visibility');
  const orgs = useIntentResult(actionData, 'organizations');
  const nets = useIntentResult(actionData, 'networks');
  const conflict = details.failure?.conflict ?? null;
  // After a conflict the form holds the merge (their changes plus yours) on the newer version, so
  // saving again keeps both; where both changed a field, yours stays in the form for you to decide.
  const values = conflict ? { ...conflict.merged, version: conflict.theirs.version } : measure;
  const base = conflict ? conflict.theirs : measure;
  const original = JSON.stringify(
    Object.fromEntries(DETAIL_FIELDS.map((field) => [field, base[field]])),
  );
  const roleByOrg = new Map(measure.organizations.map((o) => [o.organizationId, o.role]));
  const linked = new Set(measure.networks.map((n) => n.networkId));
  const organizationNames = Object.fromEntries(
    organizations.map((o) => [o.organizationId, o.shortName]),
  );
  for (const o of measure.organizations) organizationNames[o.organizationId] = o.shortName;
  const networkNames = Object.fromEntries(
    [...networks, ...measure.networks].map((n) => [n.networkId, n.name]),
  );

  return (
    <div className="page page--wide">
      <header className="measure-header">
        <p className="measure-code">
          {measure.code} · {measure.theme.name}
          {measure.group ? ` · ${measure.group.name}` : ''}
        </p>
        <h1>{measure.title}</h1>
        <p className="measure-card__badges">
          <KindBadge kind={measure.kind} /> <StatusBadge status={measure.status} />{' '}
          <VisibilityBadge visibility={measure.visibility} />
        </p>
      </header>
      {measure.can.write ? null : <p className="notice">{t('measure.readOnly')}</p>}
      {restored !== null ? (
        <p className="alert alert--success" role="status">
          {t('review.versions.restored', { number: restored })}
        </p>
      ) : null}
      {editor ? (
        <ul className="measure-links">
          <li>
            <Link to={`/massnahmen/${measure.measureId}/versionen`}>
              {t('review.versions.link')}
            </Link>
          </li>
          <li>
            <Link to={`/massnahmen/${measure.measureId}/umsetzung`}>
              {t('tracking.measureLink')}
            </Link>
          </li>
        </ul>
      ) : null}

      <div className="measure-layout">
        <div>
          <section className="panel" aria-labelledby="section-text">
            <h2 id="section-text">{t('measure.section.text')}</h2>
            {measure.summary ? <p className="lead">{measure.summary}</p> : null}
            {editor ? (
              <MeasureEditor
                key={measure.measureId}
                measureId={measure.measureId}
                canEdit={measure.can.write}
                initialHtml={measure.contentHtml}
                user={editor}
                onHandle={onHandle}
              />
            ) : measure.contentHtml ? (
              <div
                className="rendered-text"
                dangerouslySetInnerHTML={{ __html: measure.contentHtml }}
              />
            ) : (
              <p>{t('measure.noText')}</p>
            )}
          </section>

          {review && (review.decisions.length > 0 || review.decisionMeetings.length > 0) ? (
            <MeasureDecisions decisions={review.decisions} handle={handle}>
              {review.decisionMeetings.length > 0 ? (
                <DecisionRecorder
                  measureId={measure.measureId}
                  meetings={review.decisionMeetings}
                  handle={handle}
                />
              ) : null}
            </MeasureDecisions>
          ) : null}

          {review ? (
            <CommentsPanel
              measureId={measure.measureId}
              threads={review.threads}
              mentionable={review.mentionable}
              canComment={review.canComment}
              canModerate={measure.can.write}
              handle={handle}
            />
          ) : null}

          <section className="panel" aria-labelledby="section-details">
            <h2 id="section-details">{t('measure.section.details')}</h2>
            {measure.can.write ? (
              <Form method="post" className="form" key={`details-${values.version}`} noValidate>
                <input type="hidden" name="intent" value="details" />
                <input type="hidden" name="version" value={values.version} />
                <input type="hidden" name="original" value={original} />
                <FormMessages failure={details.failure} isSaved={details.isSaved} />
                {conflict ? (
                  <table className="conflict-table">
                    <caption>{t('measure.conflictCaption')}</caption>
                    <thead>
                      <tr>
                        <th scope="col">{t('measure.conflictField')}</th>
                        <th scope="col">{t('measure.conflictYours')}</th>
                        <th scope="col">{t('measure.conflictTheirs')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {CONFLICT_FIELDS.filter(({ field }) =>
                        conflict.changedByOthers.includes(field),
                      ).map(({ field, label }) => (
                        <tr key={field}>
                          <th scope="row">{t(label)}</th>
                          <td>{String(conflict.yours[field] ?? '')}</td>
                          <td>{String(conflict.theirs[field] ?? '')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
                <FormField
                  id="title"
                  name="title"
                  label={t('measure.title')}
                  errors={details.failure?.fieldErrors}
                >
                  {(props) => (
                    <input {...props} defaultValue={values.title} required maxLength={200} />
                  )}
                </FormField>
                <FormField
                  id="summary"
                  name="summary"
                  label={t('measure.summary')}
                  errors={details.failure?.fieldErrors}
                >
                  {(props) => (
                    <textarea {...props} defaultValue={values.summary} maxLength={2000} />
                  )}
                </FormField>
                <div className="form-grid">
                  <FormField
                    id="kind"
                    name="kind"
                    label={t('measure.kind')}
                    errors={details.failure?.fieldErrors}
                  >
                    {(props) => (
                      <select {...props} defaultValue={values.kind}>
                        {MEASURE_KINDS.map((kind) => (
                          <option key={kind} value={kind}>
                            {t(`measure.kind.${kind}`)}
                          </option>
                        ))}
                      </select>
                    )}
                  </FormField>
                  <FormField
                    id="horizon"
                    name="horizon"
                    label={t('measure.horizon')}
                    errors={details.failure?.fieldErrors}
                  >
                    {(props) => (
                      <select {...props} defaultValue={values.horizon ?? ''}>
                        <option value="">{t('measure.horizon.none')}</option>
                        {HORIZONS.map((horizon) => (
                          <option key={horizon} value={horizon}>
                            {t(`measure.horizon.${horizon}`)}
                          </option>
                        ))}
                      </select>
                    )}
                  </FormField>
                  <FormField
                    id="startDate"
                    name="startDate"
                    label={t('measure.startDate')}
                    errors={details.failure?.fieldErrors}
                  >
                    {(props) => (
                      <input {...props} type="date" defaultValue={values.startDate ?? ''} />
                    )}
                  </FormField>
                  <FormField
                    id="dueDate"
                    name="dueDate"
                    label={t('measure.dueDate')}
                    errors={details.failure?.fieldErrors}
                  >
                    {(props) => (
                      <input {...props} type="date" defaultValue={values.dueDate ?? ''} />
                    )}
                  </FormField>
                  <FormField
                    id="progress"
                    name="progress"
                    label={t('measure.progress')}
                    errors={details.failure?.fieldErrors}
                  >
                    {(props) => (
                      <input
                        {...props}
                        type="number"
                        min={0}
                        max={100}
                        step={1}
                        defaultValue={values.progress}
                      />
                    )}
                  </FormField>
                </div>
                <FormField
                  id="newStructureJustification"
                  name="newStructureJustification"
                  label={t('measure.justification')}
                  help={t('measure.justificationHelp')}
                  errors={details.failure?.fieldErrors}
                >
                  {(props) => (
                    <textarea
                      {...props}
                      defaultValue={values.newStructureJustification ?? ''}
                      maxLength={4000}
                    />
                  )}
                </FormField>
                <div>
                  <button type="submit" className="button button--primary" disabled={isBusy}>
                    {t('measure.save')}
                  </button>
                </div>
              </Form>
            ) : (
              <dl className="facts">
                <dt>{t('measure.kind')}</dt>
                <dd>{t(`measure.kind.${measure.kind}`)}</dd>
                <dt>{t('measure.horizon')}</dt>
                <dd>
                  {measure.horizon
                    ? t(`measure.horizon.${measure.horizon}`)
                    : t('measure.horizon.none')}
                </dd>
                <dt>{t('measure.startDate')}</dt>
                <dd>{measure.startDate ?? '—'}</dd>
                <dt>{t('measure.dueDate')}</dt>
                <dd>{measure.dueDate ?? '—'}</dd>
                <dt>{t('measure.progress')}</dt>
                <dd>{measure.progress}</dd>
              </dl>
            )}
          </section>

          <section className="panel" aria-labelledby="section-activity">
            <h2 id="section-activity">{t('measure.section.activity')}</h2>
            <ActivityTimeline
              entries={measure.activity}
              organizationNames={organizationNames}
              networkNames={networkNames}
            />
          </section>
        </div>

        <div>
          {review ? <SignoffPanel measureId={measure.measureId} entries={review.signoff} /> : null}
          <section className="panel" aria-labelledby="section-status">
            <h2 id="section-status">{t('measure.section.status')}</h2>
            <p>{t('measure.currentStatus', { status: t(`measure.status.${measure.status}`) })}</p>
            {measure.status === 'discarded' && measure.discardReason ? (
              <p>{measure.discardReason}</p>
            ) : null}
            <FormMessages failure={status.failure} isSaved={status.isSaved} />
            {status.failure?.fieldErrors.lead ? (
              <p className="field-error" role="alert">
                {t(status.failure.fieldErrors.lead)}
              </p>
            ) : null}
            {measure.can.transitions.filter((to) => to !== 'discarded').length > 0 ? (
              <Form method="post" className="button-row">
                <input type="hidden" name="intent" value="status" />
                {measure.can.transitions
                  .filter((to) => to !== 'discarded')
                  .map((to) => (
                    <button
                      key={to}
                      type="submit"
                      name="to"
                      value={to}
                      className="button button--secondary"
                      disabled={isBusy}
                    >
                      {t('measure.moveTo', { status: t(`measure.status.${to}`) })}
                    </button>
                  ))}
              </Form>
            ) : null}
            {measure.can.transitions.includes('discarded') ? (
              <Form method="post" className="form" noValidate>
                <input type="hidden" name="intent" value="status" />
                <input type="hidden" name="to" value="discarded" />
                <FormField
                  id="reason"
                  name="reason"
                  label={t('measure.discardReason')}
                  errors={status.failure?.fieldErrors}
                >
                  {(props) => <textarea {...props} maxLength={2000} />}
                </FormField>
                <div>
                  <button type="submit" className="button button--secondary" disabled={isBusy}>
                    {t('measure.discard')}
                  </button>
                </div>
              </Form>
            ) : null}
            {measure.can.transitions.length === 0 ? <p>{t('measure.noTransitions')}</p> : null}
          </section>

          {measure.can.moderate ? (
            <section className="panel" aria-labelledby="section-visibility">
              <h2 id="section-visibility">{t('measure.section.visibility')}</h2>
              <FormMessages failure={visibility.failure} isSaved={visibility.isSaved} />
              <Form method="post" className="form" key={`visibility-${measure.version}`}>
                <input type="hidden" name="intent" value="visibility" />
                <FormField
                  id="visibility"
                  name="visibility"
                  label={t('measure.visibility')}
                  help={t('measure.visibilityHelp')}
                >
                  {(props) => (
                    <select {...props} defaultValue={measure.visibility}>
                      {VISIBILITIES.map((option) => (
                        <option key={option} value={option}>
                          {t(`measure.visibility.${option}`)}
                        </option>
                      ))}
                    </select>
                  )}
                </FormField>
                <div>
                  <button type="submit" className="button button--secondary" disabled={isBusy}>
                    {t('measure.visibilitySave')}
                  </button>
                </div>
              </Form>
            </section>
          ) : null}

          <section className="panel" aria-labelledby="section-organizations">
            <h2 id="section-organizations">{t('measure.section.organizations')}</h2>
            <FormMessages failure={orgs.failure} isSaved={orgs.isSaved} />
            {orgs.failure?.fieldErrors.lead ? (
              <p className="field-error" role="alert">
                {t(orgs.failure.fieldErrors.lead)}
              </p>
            ) : null}
            {measure.can.write ? (
              <Form
                method="post"
                className="form"
                key={`orgs-${measure.version}-${measure.organizations.length}`}
              >
                <input type="hidden" name="intent" value="organizations" />
                <div className="org-roles">
                  {organizations.map((organization) => (
                    <div className="field" key={organization.organizationId}>
                      <label htmlFor={`role-${organization.organizationId}`}>
                        <abbr title={organization.name}>{organization.shortName}</abbr>
                      </label>
                      <select
                        id={`role-${organization.organizationId}`}
                        name={`role:${organization.organizationId}`}
                        defaultValue={roleByOrg.get(organization.organizationId) ?? ''}
                        aria-label={t('measure.organizationRole', {
                          organization: organization.shortName,
                        })}
                      >
                        <option value="">{t('measure.role.none')}</option>
                        {ORGANIZATION_ROLES.map((role) => (
                          <option key={role} value={role}>
                            {t(`measure.role.${role}`)}
                          </option>
                        ))}
                      </select>
                    </div>
                  ))}
                </div>
                <div>
                  <button type="submit" className="button button--secondary" disabled={isBusy}>
                    {t('measure.organizationsSave')}
                  </button>
                </div>
              </Form>
            ) : measure.organizations.length > 0 ? (
              <dl className="facts">
                {measure.organizations.map((organization) => (
                  <div key={organization.organizationId} style={{ display: 'contents' }}>
                    <dt>{t(`measure.role.${organization.role}`)}</dt>
                    <dd>
                      <abbr title={organization.name}>{organization.shortName}</abbr>
                    </dd>
                  </div>
                ))}
              </dl>
            ) : (
              <p>{t('measure.noOrganizations')}</p>
            )}
          </section>

          <section className="panel" aria-labelledby="section-networks">
            <h2 id="section-networks">{t('measure.section.networks')}</h2>
            <FormMessages failure={nets.failure} isSaved={nets.isSaved} />
            {measure.can.write ? (
              <Form
                method="post"
                className="form"
                key={`nets-${measure.version}-${measure.networks.length}`}
                noValidate
              >
                <input type="hidden" name="intent" value="networks" />
                <fieldset className="fieldset-plain">
                  <legend className="visually-hidden">{t('measure.section.networks')}</legend>
                  <ul className="checkbox-list">
                    {networks.map((network) => (
                      <li key={network.networkId}>
                        <label>
                          <input
                            type="checkbox"
                            name="networkIds"
                            value={network.networkId}
                            defaultChecked={linked.has(network.networkId)}
                          />
                          <span>{network.name}</span>
                        </label>
                      </li>
                    ))}
                  </ul>
                </fieldset>
                <FormField
                  id="networks-justification"
                  name="newStructureJustification"
                  label={t('measure.justification')}
                  help={t('measure.justificationHelp')}
                  errors={nets.failure?.fieldErrors}
                >
                  {(props) => (
                    <textarea
                      {...props}
                      defaultValue={measure.newStructureJustification ?? ''}
                      maxLength={4000}
                    />
                  )}
                </FormField>
                <div>
                  <button type="submit" className="button button--secondary" disabled={isBusy}>
                    {t('measure.networksSave')}
                  </button>
                </div>
              </Form>
            ) : measure.networks.length > 0 ? (
              <ul>
                {measure.networks.map((network) => (
                  <li key={network.networkId}>{network.name}</li>
                ))}
              </ul>
            ) : (
              <p>{t('measure.noNetworks')}</p>
            )}
          </section>
        </div>
      </div>
    </div>
  );
}

/**
 * Restoring a version: once the live editor is ready, its text is written back as one new change
 * (history is never rewritten), and the one-shot query parameter is dropped.
 */
function useRestore(
  handle: EditorHandle | null,
  restore: { versionId: string; number: number; html: string } | null,
): number | null {
  const navigate = useNavigate();
  const done = useRef<string | null>(null);
  const [restored, setRestored] = useState<number | null>(null);
  useEffect(() => {
    if (!handle || !restore || done.current === restore.versionId) return;
    done.current = restore.versionId;
    handle.replaceContent(restore.html);
    setRestored(restore.number);
    void navigate('.', { replace: true, preventScrollReset: true });
  }, [handle, restore, navigate]);
  return restored;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
