import { Form } from 'react-router';
import { GROUP_ROLES } from '~/lib/working-groups/working-groups.schema';
import type { GroupMember } from '~/lib/working-groups/working-groups.server';
import { useT } from '../i18n';
import { GroupRoleBadge } from './badges';

/**
 * The members the caller may see. Buttons appear only where Postgres would allow the change
 * (moderators remove members; admins remove anyone and change roles); RLS still decides.
 */
export function MembersTable({
  members,
  canManage,
  canAdminister,
  isBusy,
}: {
  members: GroupMember[];
  canManage: boolean;
  canAdminister: boolean;
  isBusy: boolean;
}) {
  const t = useT();
  return (
    <div className="groups-table-wrap">
      <table className="groups-table">
        <caption className="visually-hidden">{t('group.membersCaption')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('group.column.name')}</th>
            <th scope="col">{t('group.column.organization')}</th>
            <th scope="col">{t('group.column.role')}</th>
            {canManage ? <th scope="col">{t('group.column.actions')}</th> : null}
          </tr>
        </thead>
        <tbody>
          {members.map((member) => {
            const canRemove = !member.isYou && (canAdminister || member.role === 'member');
            return (
              <tr key={member.userId}>
                <th scope="row">
                  {member.displayName}
                  {member.isYou ? <span className="groups-muted"> {t('group.you')}</span> : null}
                </th>
                <td>
                  {member.organization ? (
                    <>
                      {member.organization.name}{' '}
                      <span className="groups-muted">({member.organization.shortName})</span>
                    </>
                  ) : (
                    <span className="groups-muted">{t('group.noOrganization')}</span>
                  )}
                </td>
                <td>
                  <GroupRoleBadge role={member.role} />
                </td>
                {canManage ? (
                  <td>
                    <div className="groups-row-actions">
                      {canAdminister ? (
                        <Form method="post" className="groups-inline-controls">
                          <input type="hidden" name="intent" value="changeRole" />
                          <input type="hidden" name="userId" value={member.userId} />
                          <label htmlFor={`role-${member.userId}`} className="visually-hidden">
                            {t('group.roleOf', { name: member.displayName })}
                          </label>
                          <select
                            id={`role-${member.userId}`}
                            name="memberRole"
                            defaultValue={member.role}
                          >
                            {GROUP_ROLES.map((role) => (
                              <option key={role} value={role}>
                                {t(`groups.role.${role}`)}
                              </option>
                            ))}
                          </select>
                          <button
                            type="submit"
                            className="button button--secondary groups-button-small"
                            disabled={isBusy}
                          >
                            {t('group.changeRole')}
                            <span className="visually-hidden">: {member.displayName}</span>
                          </button>
                        </Form>
                      ) : null}
                      {canRemove ? (
                        <Form method="post" className="inline-form">
                          <input type="hidden" name="intent" value="remove" />
                          <input type="hidden" name="userId" value={member.userId} />
                          <button
                            type="submit"
                            className="button groups-button-danger groups-button-small"
                            disabled={isBusy}
                          >
                            {t('group.remove')}
                            <span className="visually-hidden">: {member.displayName}</span>
                          </button>
                        </Form>
                      ) : null}
                    </div>
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
