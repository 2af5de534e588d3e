import { createHash, randomBytes } from 'node:crypto';
import { toAppError, type ConstraintMessage } from '../db/database-errors.server';
import { withService } from '../db/with-service.server';
import type { Tx } from '../db/with-user.server';
import { getEnv } from '../env.server';
import { AppError } from '../errors';
import { createLocalAccount } from './local-accounts.server';
import { inviteSupabaseUser } from './supabase-auth.server';

/**
 * Invitation internals (service role): tokens, the account lookup by e-mail and acceptance.
 * Creating and withdrawing invitations runs as the moderator in app/lib/working-groups, so RLS
 * decides who may invite whom. Tokens are never stored or logged; only their SHA-256 is.
 */

const tokenHash = (token: string) => createHash('sha256').update(token).digest();

/** A fresh single-use token (32 random bytes, base64url) and the hash stored in its place. */
export function newInvitationToken(): { token: string; tokenHash: Buffer } {
  const token = randomBytes(32).toString('base64url');
  return { token, tokenHash: tokenHash(token) };
}

/** The link a moderator passes on; PUBLIC_URL wins over the request's own origin (proxies). */
export function invitationUrl(request: Request, token: string): string {
  const origin = getEnv().PUBLIC_URL ?? new URL(request.url).origin;
  return `${new URL(origin).origin}/einladung/${token}`;
}

async function accountIdByEmail(tx: Tx, email: string): Promise<string | null> {
  const { rows } = await tx.query<{ id: string }>(
    'select id from auth.users where lower(email) = lower($1) order by created_at limit 1',
    [email],
  );
  return rows[0]?.id ?? null;
}

/** The account registered under this e-mail (any case), or null. */
export function findAccountIdByEmail(email: string): Promise<string | null> {
  return withService((tx) => accountIdByEmail(tx, email));
}

export interface InvitationPreview {
  groupId: string;
  groupName: string;
  email: string;
  /** An account with the invited address exists: accepting adds it and asks to sign in. */
  hasAccount: boolean;
}

interface InvitationState {
  is_expired: boolean;
  is_used: boolean;
}

const unknownInvitation = () =>
  new AppError({ status: 404, code: 'invitation_unknown', message: 'invitation.error.unknown' });

/** Used before expired: a link that did its job says so, whatever its age. */
function refuseUnusable(row: InvitationState | undefined): asserts row is InvitationState {
  if (!row) throw unknownInvitation();
  if (row.is_used) {
    throw new AppError({ status: 410, code: 'invitation_used', message: 'invitation.error.used' });
  }
  if (row.is_expired) {
    throw new AppError({
      status: 410,
      code: 'invitation_expired',
      message: 'invitation.error.expired',
    });
  }
}

/** What the invitation page shows; 404 for an unknown token, 410 for a used or expired one. */
export async function getInvitation(token: string): Promise<InvitationPreview> {
  const row = await withService(async (tx) => {
    const { rows } = await tx.query<
      InvitationState & {
        working_group_id: string;
        group_name: string;
        email: string;
        has_account: boolean;
      }
    >(
      `select i.working_group_id, g.name as group_name, i.email,
              i.expires_at <= now() as is_expired, i.accepted_at is not null as is_used,
              exists (select 1 from auth.users u where lower(u.email) = i.email) as has_account
         from public.working_group_invitations i
         join public.working_groups g on g.working_group_id = i.working_group_id
        where i.token_hash = $1`,
      [tokenHash(token)],
    );
    return rows[0];
  });
  refuseUnusable(row);
  return {
    groupId: row.working_group_id,
    groupName: row.group_name,
    email: row.email,
    hasAccount: row.has_account,
  };
}

export type Acceptance =
  | { kind: 'signedUp'; userId: string; groupId: string }
  | { kind: 'invited'; userId: string; groupId: string }
  | { kind: 'existingAccount'; groupId: string };

/** Who accepts: the name always; the password only for built-in accounts (Supabase Auth mails a link). */
export interface NewInvitedAccount {
  displayName: string;
  password?: string;
}

interface ClaimRow extends InvitationState {
  invitation_id: string;
  working_group_id: string;
  email: string;
  role: 'moderator' | 'member';
  organization_id: string | null;
}

const ACCEPT_CONSTRAINTS: Record<string, ConstraintMessage> = {
  working_group_members_no_observers: { status: 400, message: 'groups.error.observer' },
};

async function addMember(tx: Tx, groupId: string, userId: string, role: string): Promise<void> {
  await tx.query(
    `insert into public.working_group_members (working_group_id, user_id, role) values ($1, $2, $3)
     on conflict (working_group_id, user_id) do nothing`,
    [groupId, userId, role],
  );
}

const markAccepted = (tx: Tx, invitationId: string) =>
  tx.query(
    'update public.working_group_invitations set accepted_at = now() where invitation_id = $1',
    [invitationId],
  );

/**
 * Accepts an invitation once. The row is locked (`for update`) and marked accepted before anything
 * else happens, so of two parallel requests exactly one gets past the check; the other sees a used
 * link (410). When the invited address already has an account, membership and acceptance commit
 * together and the caller must sign in. Otherwise the account is created with `newAccount` (the
 * account lives in its own transaction) and the claim is released again if that or the membership
 * fails, so the link stays usable after an error. In Supabase mode the account is created through
 * the Auth admin API (`inviteUserByEmail`), which mails the person a sign-in link.
 */
export async function acceptInvitation(
  token: string,
  newAccount: NewInvitedAccount | null,
  request?: Request,
): Promise<Acceptance> {
  const claim = await withService(async (tx) => {
    const { rows } = await tx.query<ClaimRow>(
      `select invitation_id, working_group_id, email, role, organization_id,
              expires_at <= now() as is_expired, accepted_at is not null as is_used
         from public.working_group_invitations
        where token_hash = $1
          for update`,
      [tokenHash(token)],
    );
    const row = rows[0];
    refuseUnusable(row);
    const existingId = await accountIdByEmail(tx, row.email);
    if (existingId) {
      await addMember(tx, row.working_group_id, existingId, row.role);
      await markAccepted(tx, row.invitation_id);
      return { kind: 'existingAccount' as const, groupId: row.working_group_id };
    }
    if (!newAccount) {
      throw new AppError({
        status: 409,
        code: 'invitation_retry',
        message: 'invitation.error.retry',
      });
    }
    await markAccepted(tx, row.invitation_id);
    return { kind: 'claimed' as const, invitation: row, account: newAccount };
  }).catch((error: unknown) => toAppError(error, ACCEPT_CONSTRAINTS));
  if (claim.kind === 'existingAccount') return claim;

  const { invitation, account } = claim;
  try {
    const groupId = invitation.working_group_id;
    if (getEnv().authMode === 'supabase') {
      const { userId } = await inviteSupabaseUser(request ?? new Request('http://localhost/'), {
        email: invitation.email,
        displayName: account.displayName,
        redirectTo: `/kleingruppen/${groupId}`,
      });
      await withService(async (tx) => {
        // Supabase Auth cannot set app metadata on invite: the organisation comes from the invitation.
        await tx.query('update public.profiles set organization_id = $2 where profile_id = $1', [
          userId,
          invitation.organization_id,
        ]);
        await addMember(tx, groupId, userId, invitation.role);
      });
      return { kind: 'invited', userId, groupId };
    }
    const { userId } = await createLocalAccount({
      email: invitation.email,
      password: account.password ?? '',
      displayName: account.displayName,
      organizationId: invitation.organization_id,
    });
    await withService((tx) => addMember(tx, groupId, userId, invitation.role));
    return { kind: 'signedUp', userId, groupId };
  } catch (error) {
    await withService((tx) =>
      tx.query(
        'update public.working_group_invitations set accepted_at = null where invitation_id = $1',
        [invitation.invitation_id],
      ),
    );
    return toAppError(error, ACCEPT_CONSTRAINTS);
  }
}
