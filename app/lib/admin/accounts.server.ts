import { toAppError, type ConstraintMessage } from '../db/database-errors.server';
import type { Tx } from '../db/with-user.server';
import { AppError, notFound } from '../errors';
import {
  IdSchema,
  type AccountAction,
  type AdminNotice,
  type PlatformRoleValue,
} from './admin.schema';

export interface Account {
  profileId: string;
  displayName: string;
  email: string;
  /** ISO timestamp, or null when the account never signed in. */
  lastSignInAt: string | null;
  platformRole: PlatformRoleValue;
  isActive: boolean;
  /** Zeichnungsberechtigt: may sign measures for the organisation. */
  canSign: boolean;
  organization: { organizationId: string; shortName: string } | null;
}

interface AccountRow {
  profile_id: string;
  display_name: string;
  email: string;
  last_sign_in_at: Date | string | null;
  platform_role: PlatformRoleValue;
  is_active: boolean;
  can_sign: boolean;
  organization_id: string | null;
  organization_short_name: string | null;
}

const CONSTRAINTS: Record<string, ConstraintMessage> = {
  profiles_organization_id_fkey: {
    status: 400,
    message: 'admin.accounts.organizationUnknown',
    field: 'organizationId',
  },
  profiles_platform_role_check: {
    status: 400,
    message: 'admin.accounts.roleInvalid',
    field: 'platformRole',
  },
};

// admin_list_accounts() is the only way to e-mail addresses and sign-in times; it returns
// nothing to non-admins, so this list is empty for them whatever the caller's code says.
const ACCOUNT_QUERY = `
  select a.profile_id, p.display_name, a.email, a.last_sign_in_at, p.platform_role, p.is_active, p.can_sign,
         o.organization_id, o.short_name as organization_short_name
    from public.admin_list_accounts() a
    join public.profiles p on p.profile_id = a.profile_id
    left join public.organizations o on o.organization_id = p.organization_id`;

const toAccount = (row: AccountRow): Account => ({
  profileId: row.profile_id,
  displayName: row.display_name,
  email: row.email,
  lastSignInAt: row.last_sign_in_at === null ? null : new Date(row.last_sign_in_at).toISOString(),
  platformRole: row.platform_role,
  isActive: row.is_active,
  canSign: row.can_sign,
  organization:
    row.organization_id && row.organization_short_name
      ? { organizationId: row.organization_id, shortName: row.organization_short_name }
      : null,
});

/** Every account with e-mail, last sign-in, organisation, role and activation; by name. */
export async function listAccounts(tx: Tx): Promise<Account[]> {
  const { rows } = await tx.query<AccountRow>(
    `${ACCOUNT_QUERY}
     order by lower(p.display_name), a.email`,
  );
  return rows.map(toAccount);
}

/** One account; a malformed or unknown id is a 404. */
export async function getAccount(tx: Tx, profileId: string): Promise<Account> {
  const id = IdSchema.safeParse(profileId);
  if (!id.success) throw notFound({ profileId });
  const { rows } = await tx.query<AccountRow>(`${ACCOUNT_QUERY} where a.profile_id = $1`, [
    id.data,
  ]);
  if (!rows[0]) throw notFound({ profileId });
  return toAccount(rows[0]);
}

async function expectOneProfile(profileId: string, update: Promise<{ rowCount: number | null }>) {
  const { rowCount } = await update.catch((error: unknown) => toAppError(error, CONSTRAINTS));
  if (rowCount === 0) throw notFound({ profileId });
}

/**
 * Changes an account's role and organisation, or (de)activates it. Deactivation ends the
 * account's sessions on its next request. Admins never demote or deactivate themselves, so the
 * platform cannot lose its last admin by accident.
 */
export async function saveAccount(
  tx: Tx,
  viewerId: string,
  action: AccountAction,
): Promise<AdminNotice> {
  const isSelf = action.profileId === viewerId.toLowerCase();
  switch (action.intent) {
    case 'update':
      if (isSelf && action.platformRole !== 'admin') {
        throw new AppError({
          status: 400,
          code: 'self_demotion',
          message: 'signIn.errorSummary',
          fieldErrors: { platformRole: 'admin.accounts.cannotDemoteSelf' },
        });
      }
      await expectOneProfile(
        action.profileId,
        tx.query(
          `update public.profiles set platform_role = $2, organization_id = $3, can_sign = $4
            where profile_id = $1`,
          [action.profileId, action.platformRole, action.organizationId, action.canSign],
        ),
      );
      return 'saved';
    case 'deactivate':
      if (isSelf) {
        throw new AppError({
          status: 400,
          code: 'self_deactivation',
          message: 'admin.accounts.cannotDeactivateSelf',
        });
      }
      await expectOneProfile(
        action.profileId,
        tx.query('update public.profiles set is_active = false where profile_id = $1', [
          action.profileId,
        ]),
      );
      return 'deactivated';
    case 'reactivate':
      await expectOneProfile(
        action.profileId,
        tx.query('update public.profiles set is_active = true where profile_id = $1', [
          action.profileId,
        ]),
      );
      return 'reactivated';
  }
}
