import { data, Form, Link, useNavigation } from 'react-router';
import { FormAlert } from '~/components/form-alert';
import { z } from 'zod';
import type { Route } from './+types/group';
import { DateTime } from '~/components/date-time';
import { ErrorPage } from '~/components/error-page';
import { FormField } from '~/components/form-field';
import { GroupRoleBadge, GroupStatusBadge } from '~/components/groups/badges';
import { InvitationLink } from '~/components/groups/invitation-link';
import { MembersTable } from '~/components/groups/members-table';
import { useT } from '~/components/i18n';
import { MeasureCard } from '~/components/measures/measure-card';
import { invitationUrl } from '~/lib/auth/invitations.server';
import { requireUser } from '~/lib/auth/viewer.server';
import {
  describeFailure,
  parseForm,
  rethrowAsResponse,
  type ActionFailure,
} from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import {
  GROUP_INTENTS,
  GROUP_ROLES,
  GroupActionSchema,
  type GroupIntent,
} from '~/lib/working-groups/working-groups.schema';
import {
  loadGroup,
  parseGroupId,
  performGroupAction,
  type GroupActionOutcome,
  type GroupDetail,
} from '~/lib/working-groups/working-groups.server';

export const meta: Route.MetaFunction = ({ data: loaderData, matches }) =>
  pageTitle(matches, 'groups.title').map(({ title }) => ({
    title: loaderData ? `${loaderData.group.name} – ${title}` : title,
  }));

export async function loader(args: Route.LoaderArgs) {
  const { viewer, db } = await requireUser(args);
  try {
    const group = await loadGroup(db, args.params.groupId, getLocale(args.request, viewer.locale));
    return { group };
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

type Success = {
  ok: true;
  intent: GroupIntent;
  notice: GroupActionOutcome['notice'];
  email: string | null;
  /** The invitation link, shown once; the token is stored nowhere but in this answer. */
  inviteUrl: string | null;
};
type Failure = ActionFailure & { intent: GroupIntent | null };
type ActionResult = Success | Failure;

/** Which form was sent, read before parsing so a refusal can be shown beside that form. */
async function peekIntent(request: Request): Promise<GroupIntent | null> {
  try {
    const form = await request.clone().formData();
    const parsed = z.enum(GROUP_INTENTS).safeParse(form.get('intent'));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export async function action(args: Route.ActionArgs) {
  const { db } = await requireUser(args);
  const intent = await peekIntent(args.request);
  try {
    const groupId = parseGroupId(args.params.groupId);
    const input = await parseForm(args.request, GroupActionSchema);
    const outcome = await performGroupAction(db, groupId, input);
    return data<ActionResult>({
      ok: true,
      intent: input.intent,
      notice: outcome.notice,
      email: 'email' in outcome ? outcome.email : null,
      inviteUrl:
        'token' in outcome && outcome.token ? invitationUrl(args.request, outcome.token) : null,
    });
  } catch (error) {
    const { body, init } = describeFailure(error);
    return data<ActionResult>({ ...body, intent }, init);
  }
}

function Feedback({ result }: { result: ActionResult | undefined }) {
  const t = useT();
  if (!result) return null;
  if (!result.ok) {
    return <FormAlert failure={result} />;
  }
  return (
    <div className="alert alert--success" role="status">
      <p>{t(`group.notice.${result.notice}`, { email: result.email ?? '' })}</p>
      {result.inviteUrl && result.email ? (
        <InvitationLink email={result.email} url={result.inviteUrl} />
      ) : null}
    </div>
  );
}

export default function GroupPage({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navigation = useNavigation();
  const isBusy = navigation.state !== 'idle';
  const { group } = loaderData;
  const result = actionData as ActionResult | undefined;
  const failure = result && !result.ok ? result : null;
  const you = group.members.find((member) => member.isYou);
  const hidesMembers = !you && !group.can.administer;

  return (
    <div className="page page--wide">
      <p className="groups-breadcrumb">
        <Link to="/kleingruppen">{t('group.backToList')}</Link>
      </p>
      <header className="group-header">
        <p className="measure-code">
          {group.theme.code} · {group.theme.name}
        </p>
        <h1>{group.name}</h1>
        <p className="measure-card__badges">
          <GroupStatusBadge status={group.status} />
          {you ? (
            <>
              {' '}
              <GroupRoleBadge role={you.role} />
            </>
          ) : null}
        </p>
      </header>
      <p>
        <Link to={`/kleingruppen/${group.workingGroupId}/sitzungen`}>{t('meetings.title')}</Link>
      </p>
      <Feedback result={result} />
      {group.status === 'closed' ? <p className="notice">{t('group.closedNotice')}</p> : null}

      <div className="group-layout">
        <div>
          <section className="panel" aria-labelledby="section-mandate">
            <h2 id="section-mandate">{t('group.mandate')}</h2>
            {group.description ? (
              <p className="group-mandate">{group.description}</p>
            ) : (
              <p className="groups-muted">{t('group.noMandate')}</p>
            )}
            {group.can.manage ? (
              <Form method="post" className="form" noValidate key={group.description}>
                <input type="hidden" name="intent" value="describe" />
                <FormField
                  id="description"
                  name="description"
                  label={t('group.editMandate')}
                  help={t('groups.create.descriptionHelp')}
                  errors={failure?.intent === 'describe' ? failure.fieldErrors : undefined}
                >
                  {(props) => (
                    <textarea
                      {...props}
                      defaultValue={group.description}
                      maxLength={4000}
                      rows={5}
                    />
                  )}
                </FormField>
                <div>
                  <button type="submit" className="button button--secondary" disabled={isBusy}>
                    {t('group.saveMandate')}
                  </button>
                </div>
              </Form>
            ) : null}
          </section>

          <section className="panel" aria-labelledby="section-members">
            <h2 id="section-members">{t('group.members')}</h2>
            {hidesMembers ? (
              <p className="field-help group-panel-help">{t('group.membersHidden')}</p>
            ) : null}
            <MembersTable
              members={group.members}
              canManage={group.can.manage}
              canAdminister={group.can.administer}
              isBusy={isBusy}
            />
          </section>

          <section className="panel" aria-labelledby="section-measures">
            <h2 id="section-measures">{t('group.measures')}</h2>
            {group.measures.length === 0 ? (
              <p className="groups-muted">{t('group.noMeasures')}</p>
            ) : (
              <ul className="card-list">
                {group.measures.map((measure) => (
                  <li key={measure.measureId}>
                    <MeasureCard measure={measure} showGroup={false} />
                  </li>
                ))}
              </ul>
            )}
          </section>
        </div>

        <div>
          {group.can.manage ? (
            <>
              <InvitePanel
                group={group}
                errors={failure?.intent === 'invite' ? failure.fieldErrors : undefined}
                isBusy={isBusy}
              />
              <InvitationsPanel group={group} isBusy={isBusy} />
              <section className="panel" aria-labelledby="section-status">
                <h2 id="section-status">{t('group.manage.title')}</h2>
                <p className="field-help group-panel-help">{t('group.manage.closeHelp')}</p>
                <Form method="post">
                  <input type="hidden" name="intent" value="setStatus" />
                  <input
                    type="hidden"
                    name="status"
                    value={group.status === 'active' ? 'closed' : 'active'}
                  />
                  <button type="submit" className="button button--secondary" disabled={isBusy}>
                    {group.status === 'active' ? t('group.close') : t('group.reopen')}
                  </button>
                </Form>
              </section>
            </>
          ) : null}
          {group.can.leave ? (
            <section className="panel" aria-labelledby="section-leave">
              <h2 id="section-leave">{t('group.leave.title')}</h2>
              <p className="field-help group-panel-help">{t('group.leave.help')}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="leave" />
                <button type="submit" className="button groups-button-danger" disabled={isBusy}>
                  {t('group.leave')}
                </button>
              </Form>
            </section>
          ) : null}
        </div>
      </div>
    </div>
  );
}

function InvitePanel({
  group,
  errors,
  isBusy,
}: {
  group: GroupDetail;
  errors: ActionFailure['fieldErrors'] | undefined;
  isBusy: boolean;
}) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="section-invite">
      <h2 id="section-invite">{t('group.invite.title')}</h2>
      <p className="field-help group-panel-help">{t('group.invite.intro')}</p>
      <Form method="post" className="form" noValidate>
        <input type="hidden" name="intent" value="invite" />
        <FormField id="invite-email" name="email" label={t('group.invite.email')} errors={errors}>
          {(props) => <input {...props} type="email" autoComplete="off" required maxLength={254} />}
        </FormField>
        {group.can.administer ? (
          <FormField id="invite-role" name="role" label={t('group.invite.role')} errors={errors}>
            {(props) => (
              <select {...props} defaultValue="member">
                {GROUP_ROLES.map((role) => (
                  <option key={role} value={role}>
                    {t(`groups.role.${role}`)}
                  </option>
                ))}
              </select>
            )}
          </FormField>
        ) : (
          <p className="field-help">{t('group.invite.roleHelp')}</p>
        )}
        <FormField
          id="invite-organization"
          name="organizationId"
          label={t('group.invite.organization')}
          errors={errors}
        >
          {(props) => (
            <select {...props} defaultValue="">
              <option value="">{t('group.invite.noOrganization')}</option>
              {group.organizations.map((organization) => (
                <option key={organization.organizationId} value={organization.organizationId}>
                  {organization.shortName} – {organization.name}
                </option>
              ))}
            </select>
          )}
        </FormField>
        <div>
          <button type="submit" className="button button--primary" disabled={isBusy}>
            {t('group.invite.submit')}
          </button>
        </div>
      </Form>
    </section>
  );
}

function InvitationsPanel({ group, isBusy }: { group: GroupDetail; isBusy: boolean }) {
  const t = useT();
  return (
    <section className="panel" aria-labelledby="section-invitations">
      <h2 id="section-invitations">{t('group.invitations')}</h2>
      {group.invitations.length === 0 ? (
        <p className="groups-muted">{t('group.invitations.empty')}</p>
      ) : (
        <div className="groups-table-wrap">
          <table className="groups-table">
            <caption className="visually-hidden">{t('group.invitations.caption')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('group.invitations.email')}</th>
                <th scope="col">{t('group.column.role')}</th>
                <th scope="col">{t('group.invitations.expires')}</th>
                <th scope="col">{t('group.column.actions')}</th>
              </tr>
            </thead>
            <tbody>
              {group.invitations.map((invitation) => (
                <tr key={invitation.invitationId}>
                  <th scope="row" className="groups-break">
                    {invitation.email}
                  </th>
                  <td>{t(`groups.role.${invitation.role}`)}</td>
                  <td>
                    {invitation.isExpired ? (
                      <span className="groups-muted">{t('group.invitations.expired')}</span>
                    ) : (
                      <DateTime iso={invitation.expiresAt} />
                    )}
                  </td>
                  <td>
                    <Form method="post">
                      <input type="hidden" name="intent" value="withdraw" />
                      <input type="hidden" name="invitationId" value={invitation.invitationId} />
                      <button
                        type="submit"
                        className="button button--secondary groups-button-small"
                        disabled={isBusy}
                      >
                        {t('group.invitations.withdraw')}
                        <span className="visually-hidden">: {invitation.email}</span>
                      </button>
                    </Form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
