import type { GroupRole, GroupStatus } from '~/lib/working-groups/working-groups.schema';
import { useT } from '../i18n';

export function GroupStatusBadge({ status }: { status: GroupStatus }) {
  const t = useT();
  return <span className={`badge badge--group-${status}`}>{t(`groups.status.${status}`)}</span>;
}

export function GroupRoleBadge({ role }: { role: GroupRole }) {
  const t = useT();
  return <span className={`badge badge--role-${role}`}>{t(`groups.role.${role}`)}</span>;
}

/** Marks the caller's own groups; screen readers hear the full sentence. */
export function MineBadge() {
  const t = useT();
  return (
    <span className="badge badge--mine">
      <span aria-hidden="true">{t('groups.mine')}</span>
      <span className="visually-hidden">{t('groups.mineLabel')}</span>
    </span>
  );
}
