import { findAccountIdByEmail, newInvitationToken } from '../auth/invitations.server';
import type { SignedIn } from '../auth/viewer.server';
import { toAppError, type ConstraintMessage } from '../db/database-errors.server';
import type { Tx } from '../db/with-user.server';
import { forbidden, notFound } from '../errors';
import type { Locale } from '../i18n/i18n';
import { listMeasures, listOrganizations, type MeasureCard } from '../measures/measures.server';
import {
  GroupIdSchema,
  type GroupAction,
  type GroupCreate,
  type GroupRole,
  type GroupStatus,
  type Invite,
} from './working-groups.schema';

/** Runs queries as the signed-in user (from `requireUser`), in one transaction, under RLS. */
export type UserDb = SignedIn['db'];

const CREATE_CONSTRAINTS: Record<string, ConstraintMessage> = {
  working_groups_name_key: { status: 400, message: 'groups.error.nameTaken', field: 'name' },
  working_groups_theme_id_fkey: {
    status: 400,
    message: 'groups.error.themeRequired',
    field: 'themeId',
  },
  working_group_members_user_id_fkey: {
    status: 400,
    message: 'groups.error.moderatorRequired',
    field: 'moderatorId',
  },
  working_group_members_no_observers: {
    status: 400,
    message: 'groups.error.observer',
    field: 'moderatorId',
  },
};

const MEMBERSHIP_CONSTRAINTS: Record<string, ConstraintMessage> = {
  working_group_members_pkey: {
    status: 400,
    message: 'groups.error.alreadyMember',
    field: 'email',
  },
  working_group_members_no_observers: {
    status: 400,
    message: 'groups.error.observer',
    field: 'email',
  },
  working_group_invitations_organization_id_fkey: {
    status: 400,
    message: 'groups.error.organizationUnknown',
    field: 'organizationId',
  },
};

/** Every write goes through here: Postgres refusals (RLS → 403) become AppErrors with German messages. */
function write<T>(
  db: UserDb,
  fn: (tx: Tx) => Promise<T>,
  constraints: Record<string, ConstraintMessage> = {},
): Promise<T> {
  return db(fn).catch((error: unknown) => toAppError(error, constraints));
}

/** A write that changed nothing: 404 when the group is gone, otherwise RLS refused it (403). */
async function refuseUnchanged(tx: Tx, rowCount: number | null, groupId: string): Promise<void> {
  if (rowCount) return;
  const { rowCount: exists } = await tx.query(
    'select 1 from public.working_groups where working_group_id = $1',
    [groupId],
  );
  if (!exists) throw notFound({ groupId });
  throw forbidden({ groupId });
}

export interface PersonRef {
  userId: string;
  displayName: string;
  organizationShortName: string | null;
}

export interface GroupSummary {
  workingGroupId: string;
  name: string;
  status: GroupStatus;
  theme: { code: string; name: string; slug: string };
  moderators: PersonRef[];
  /** Members the caller may see: everyone for members and admins, else the moderators. */
  visibleMemberCount: number;
  isMine: boolean;
}

export interface GroupList {
  groups: GroupSummary[];
  canCreate: boolean;
}

/** Every Kleingruppe by Themenfeld and name, with its moderators and what the caller may see. */
export async function listGroups(tx: Tx, locale: Locale): Promise<GroupList> {
  const { rows } = await tx.query<{
    working_group_id: string;
    name: string;
    status: GroupStatus;
    theme_code: string;
    theme_name: string;
    theme_slug: string;
    member_count: number;
    is_mine: boolean;
  }>(
    `select g.working_group_id, g.name, g.status,
            t.code as theme_code, t.slug as theme_slug,
            case when $1 = 'en' then t.name_en else t.name_de end as theme_name,
            (select count(*) from public.working_group_members m
              where m.working_group_id = g.working_group_id)::int as member_count,
            g.working_group_id in (select app_private.my_group_ids()) as is_mine
       from public.working_groups g
       join public.themes t on t.theme_id = g.theme_id
      order by t.position, g.name`,
    [locale],
  );
  const { rows: moderators } = await tx.query<{
    working_group_id: string;
    user_id: string;
    display_name: string;
    short_name: string | null;
  }>(
    `select m.working_group_id, m.user_id, p.display_name, o.short_name
       from public.working_group_members m
       join public.profiles p on p.profile_id = m.user_id
       left join public.organizations o on o.organization_id = p.organization_id
      where m.role = 'moderator'
      order by p.display_name`,
  );
  const { rows: admin } = await tx.query<{ is_admin: boolean }>(
    'select app_private.is_admin() as is_admin',
  );
  return {
    groups: rows.map((row) => ({
      workingGroupId: row.working_group_id,
      name: row.name,
      status: row.status,
      theme: { code: row.theme_code, name: row.theme_name, slug: row.theme_slug },
      moderators: moderators
        .filter((moderator) => moderator.working_group_id === row.working_group_id)
        .map((moderator) => ({
          userId: moderator.user_id,
          displayName: moderator.display_name,
          organizationShortName: moderator.short_name,
        })),
      visibleMemberCount: row.member_count,
      isMine: row.is_mine,
    })),
    canCreate: admin[0]?.is_admin ?? false,
  };
}

export interface CreateGroupOptions {
  themes: { themeId: string; code: string; name: string }[];
  /** Active accounts that may moderate: platform role member or admin. */
  moderatorCandidates: PersonRef[];
}

export async function listCreateGroupOptions(tx: Tx, locale: Locale): Promise<CreateGroupOptions> {
  const { rows: themes } = await tx.query<{ theme_id: string; code: string; name: string }>(
    `select theme_id, code, case when $1 = 'en' then name_en else name_de end as name
       from public.themes order by position`,
    [locale],
  );
  const { rows: people } = await tx.query<{
    profile_id: string;
    display_name: string;
    short_name: string | null;
  }>(
    `select p.profile_id, p.display_name, o.short_name
       from public.profiles p
       left join public.organizations o on o.organization_id = p.organization_id
      where p.platform_role in ('member', 'admin') and p.is_active
      order by p.display_name, o.short_name nulls last`,
  );
  return {
    themes: themes.map((theme) => ({
      themeId: theme.theme_id,
      code: theme.code,
      name: theme.name,
    })),
    moderatorCandidates: people.map((person) => ({
      userId: person.profile_id,
      displayName: person.display_name,
      organizationShortName: person.short_name,
    })),
  };
}

/** Creates a group with its first moderator, in one transaction (admins only, by RLS). */
export function createGroup(db: UserDb, input: GroupCreate): Promise<{ workingGroupId: string }> {
  return write(
    db,
    async (tx) => {
      const { rows } = await tx.query<{ working_group_id: string }>(
        `insert into public.working_groups (theme_id, name, description) values ($1, $2, $3)
         returning working_group_id`,
        [input.themeId, input.name, input.description],
      );
      const workingGroupId = rows[0]!.working_group_id;
      await tx.query(
        `insert into public.working_group_members (working_group_id, user_id, role)
         values ($1, $2, 'moderator')`,
        [workingGroupId, input.moderatorId],
      );
      return { workingGroupId };
    },
    CREATE_CONSTRAINTS,
  );
}

export interface GroupMember {
  userId: string;
  displayName: string;
  organization: { shortName: string; name: string } | null;
  role: GroupRole;
  isYou: boolean;
}

export interface PendingInvitation {
  invitationId: string;
  email: string;
  role: GroupRole;
  createdAt: string;
  expiresAt: string;
  isExpired: boolean;
}

export interface GroupDetail {
  workingGroupId: string;
  name: string;
  description: string;
  status: GroupStatus;
  theme: { code: string; name: string; slug: string };
  members: GroupMember[];
  measures: MeasureCard[];
  invitations: PendingInvitation[];
  organizations: { organizationId: string; shortName: string; name: string }[];
  /** What the caller may do, as Postgres answers it; the page only hides what RLS would refuse. */
  can: { manage: boolean; administer: boolean; leave: boolean };
}

/** One group as the caller may see it (members beyond the moderators only for its members); null when unknown. */
export async function getGroup(
  tx: Tx,
  groupId: string,
  locale: Locale,
): Promise<GroupDetail | null> {
  const { rows } = await tx.query<{
    working_group_id: string;
    name: string;
    description: string;
    status: GroupStatus;
    theme_code: string;
    theme_name: string;
    theme_slug: string;
    is_admin: boolean;
    is_moderator: boolean;
  }>(
    `select g.working_group_id, g.name, g.description, g.status,
            t.code as theme_code, t.slug as theme_slug,
            case when $2 = 'en' then t.name_en else t.name_de end as theme_name,
            app_private.is_admin() as is_admin,
            app_private.is_group_moderator(g.working_group_id) as is_moderator
       from public.working_groups g
       join public.themes t on t.theme_id = g.theme_id
      where g.working_group_id = $1`,
    [groupId, locale],
  );
  const row = rows[0];
  if (!row) return null;

  const { rows: members } = await tx.query<{
    user_id: string;
    display_name: string;
    role: GroupRole;
    short_name: string | null;
    organization_name: string | null;
    is_you: boolean;
  }>(
    `select m.user_id, p.display_name, m.role, o.short_name, o.name as organization_name,
            m.user_id = (select auth.uid()) as is_you
       from public.working_group_members m
       join public.profiles p on p.profile_id = m.user_id
       left join public.organizations o on o.organization_id = p.organization_id
      where m.working_group_id = $1
      order by m.role = 'moderator' desc, p.display_name`,
    [groupId],
  );
  const { rows: invitations } = await tx.query<{
    invitation_id: string;
    email: string;
    role: GroupRole;
    created_at: Date;
    expires_at: Date;
    is_expired: boolean;
  }>(
    `select invitation_id, email, role, created_at, expires_at, expires_at <= now() as is_expired
       from public.working_group_invitations
      where working_group_id = $1 and accepted_at is null
      order by created_at desc`,
    [groupId],
  );
  const canManage = row.is_admin || row.is_moderator;
  const measures = await listMeasures(tx, { mine: false, groupId }, { isSignedIn: true });
  const organizations = canManage ? await listOrganizations(tx) : [];

  return {
    workingGroupId: row.working_group_id,
    name: row.name,
    description: row.description,
    status: row.status,
    theme: { code: row.theme_code, name: row.theme_name, slug: row.theme_slug },
    members: members.map((member) => ({
      userId: member.user_id,
      displayName: member.display_name,
      organization:
        member.short_name && member.organization_name
          ? { shortName: member.short_name, name: member.organization_name }
          : null,
      role: member.role,
      isYou: member.is_you,
    })),
    measures,
    invitations: invitations.map((invitation) => ({
      invitationId: invitation.invitation_id,
      email: invitation.email,
      role: invitation.role,
      createdAt: invitation.created_at.toISOString(),
      expiresAt: invitation.expires_at.toISOString(),
      isExpired: invitation.is_expired,
    })),
    organizations,
    can: {
      manage: canManage,
      administer: row.is_admin,
      leave: members.some((member) => member.is_you && member.role === 'member'),
    },
  };
}

/** The `:groupId` of a URL; anything that is not an id is a missing page (404). */
export function parseGroupId(raw: string | undefined): string {
  const parsed = GroupIdSchema.safeParse(raw);
  if (!parsed.success) throw notFound({ groupId: raw });
  return parsed.data;
}

/** The group page's data as the caller may see it; 404 for an unknown or malformed id. */
export async function loadGroup(
  db: UserDb,
  rawGroupId: string | undefined,
  locale: Locale,
): Promise<GroupDetail> {
  const groupId = parseGroupId(rawGroupId);
  const group = await db((tx) => getGroup(tx, groupId, locale));
  if (!group) throw notFound({ groupId });
  return group;
}

export type InviteOutcome =
  { kind: 'added'; email: string } | { kind: 'invited'; email: string; token: string };

/**
 * Adds an existing account straight away; an unknown address gets a single-use invitation whose
 * token is returned once (only its hash is stored). Both inserts run as the caller, so RLS decides:
 * moderators invite members, admins anyone. A newer invitation replaces an open one for the address.
 */
export async function inviteToGroup(
  db: UserDb,
  groupId: string,
  input: Invite,
): Promise<InviteOutcome> {
  const accountId = await findAccountIdByEmail(input.email);
  if (accountId) {
    await write(
      db,
      async (tx) => {
        const { rowCount } = await tx.query(
          `insert into public.working_group_members (working_group_id, user_id, role)
           select working_group_id, $2, $3 from public.working_groups where working_group_id = $1`,
          [groupId, accountId, input.role],
        );
        await refuseUnchanged(tx, rowCount, groupId);
      },
      MEMBERSHIP_CONSTRAINTS,
    );
    return { kind: 'added', email: input.email };
  }
  const { token, tokenHash } = newInvitationToken();
  await write(
    db,
    async (tx) => {
      await tx.query(
        `delete from public.working_group_invitations
          where working_group_id = $1 and email = $2 and accepted_at is null`,
        [groupId, input.email],
      );
      const { rowCount } = await tx.query(
        `insert into public.working_group_invitations (working_group_id, email, role, organization_id, token_hash)
         select working_group_id, $2, $3, $4, $5 from public.working_groups where working_group_id = $1`,
        [groupId, input.email, input.role, input.organizationId, tokenHash],
      );
      await refuseUnchanged(tx, rowCount, groupId);
    },
    MEMBERSHIP_CONSTRAINTS,
  );
  return { kind: 'invited', email: input.email, token };
}

export type GroupActionOutcome =
  | { notice: 'memberAdded' | 'invited'; email: string; token?: string }
  | {
      notice: 'memberRemoved' | 'left' | 'roleChanged' | 'statusChanged' | 'saved' | 'withdrawn';
    };

/** Runs one form of the group page as the caller; RLS refusals come back as 403. */
export async function performGroupAction(
  db: UserDb,
  groupId: string,
  action: GroupAction,
): Promise<GroupActionOutcome> {
  switch (action.intent) {
    case 'invite': {
      const outcome = await inviteToGroup(db, groupId, action);
      return outcome.kind === 'added'
        ? { notice: 'memberAdded', email: outcome.email }
        : { notice: 'invited', email: outcome.email, token: outcome.token };
    }
    case 'remove':
      await write(db, async (tx) => {
        const { rowCount } = await tx.query(
          'delete from public.working_group_members where working_group_id = $1 and user_id = $2',
          [groupId, action.userId],
        );
        await refuseUnchanged(tx, rowCount, groupId);
      });
      return { notice: 'memberRemoved' };
    case 'leave':
      await write(db, async (tx) => {
        const { rowCount } = await tx.query(
          `delete from public.working_group_members
            where working_group_id = $1 and user_id = (select auth.uid())`,
          [groupId],
        );
        await refuseUnchanged(tx, rowCount, groupId);
      });
      return { notice: 'left' };
    case 'changeRole':
      await write(db, async (tx) => {
        const { rowCount } = await tx.query(
          `update public.working_group_members set role = $3
            where working_group_id = $1 and user_id = $2`,
          [groupId, action.userId, action.memberRole],
        );
        await refuseUnchanged(tx, rowCount, groupId);
      });
      return { notice: 'roleChanged' };
    case 'setStatus':
      await write(db, async (tx) => {
        const { rowCount } = await tx.query(
          'update public.working_groups set status = $2 where working_group_id = $1',
          [groupId, action.status],
        );
        await refuseUnchanged(tx, rowCount, groupId);
      });
      return { notice: 'statusChanged' };
    case 'describe':
      await write(db, async (tx) => {
        const { rowCount } = await tx.query(
          'update public.working_groups set description = $2 where working_group_id = $1',
          [groupId, action.description],
        );
        await refuseUnchanged(tx, rowCount, groupId);
      });
      return { notice: 'saved' };
    case 'withdraw':
      await write(db, async (tx) => {
        const { rowCount } = await tx.query(
          `delete from public.working_group_invitations
            where working_group_id = $1 and invitation_id = $2 and accepted_at is null`,
          [groupId, action.invitationId],
        );
        await refuseUnchanged(tx, rowCount, groupId);
      });
      return { notice: 'withdrawn' };
  }
}
