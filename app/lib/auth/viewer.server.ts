import type { AppLoadContext } from 'react-router';
import { withUser, type Claims, type Tx } from '../db/with-user.server';
import { forbidden } from '../errors';
import type { PlatformRole } from './local-accounts.server';
import { getEnv } from '../env.server';
import { openTasksCountSql } from '../tracking/tracking.server';
import { readClaims, redirectToSignIn } from './session.server';
import { hasSupabaseSessionCookie } from './supabase-auth.server';

export interface Viewer {
  userId: string;
  email: string;
  displayName: string;
  platformRole: PlatformRole;
  locale: 'de' | 'en' | null;
  organization: { organizationId: string; shortName: string; name: string } | null;
  /** For the header: unread review notifications and open check-in tasks (read with the profile). */
  counts: { unreadNotifications: number; openTasks: number };
  /** Kleingruppen this person moderates (moderation is per group, not a platform role). */
  moderatedGroups: number;
}

export interface SignedIn {
  claims: Claims;
  viewer: Viewer;
  /** Run queries as this user, in one transaction, under RLS. */
  db: <T>(fn: (tx: Tx) => Promise<T>) => Promise<T>;
}

interface ViewerRow {
  display_name: string;
  platform_role: PlatformRole;
  locale: 'de' | 'en' | null;
  organization_id: string | null;
  short_name: string | null;
  name: string | null;
  unread_notifications: number;
  open_tasks: number;
  moderated_groups: number;
}

/**
 * Supabase mode: session cookies without a valid access token (it expired) make a page load go
 * through /anmelden, the one place that refreshes, which sends the person straight back — so
 * pages open to everyone do not show a signed-in person as signed out.
 */
function needsRefresh(request: Request): boolean {
  return (
    getEnv().authMode === 'supabase' &&
    request.method === 'GET' &&
    new URL(request.url).pathname !== '/anmelden' &&
    hasSupabaseSessionCookie(request)
  );
}

async function loadSignedIn(request: Request): Promise<SignedIn | null> {
  const claims = await readClaims(request);
  if (!claims) {
    if (needsRefresh(request)) redirectToSignIn(request);
    return null;
  }
  const db = <T>(fn: (tx: Tx) => Promise<T>) => withUser(claims, fn);
  const row = await db(async (tx) => {
    const { rows } = await tx.query<ViewerRow>(
      `select p.display_name, p.platform_role, p.locale, o.organization_id, o.short_name, o.name,
              (select count(*)::int from public.review_notifications n
                where n.user_id = p.profile_id and n.read_at is null) as unread_notifications,
              ${openTasksCountSql('p.profile_id')} as open_tasks,
              (select count(*)::int from public.working_group_members w
                where w.user_id = p.profile_id and w.role = 'moderator') as moderated_groups
         from public.profiles p
         left join public.organizations o on o.organization_id = p.organization_id
        where p.profile_id = (select auth.uid())`,
    );
    return rows[0];
  });
  if (!row) return null;
  return {
    claims,
    db,
    viewer: {
      userId: claims.sub,
      email: claims.email,
      displayName: row.display_name,
      platformRole: row.platform_role,
      locale: row.locale,
      organization:
        row.organization_id && row.short_name && row.name
          ? { organizationId: row.organization_id, shortName: row.short_name, name: row.name }
          : null,
      counts: { unreadNotifications: row.unread_notifications, openTasks: row.open_tasks },
      moderatedGroups: row.moderated_groups,
    },
  };
}

const cache = new WeakMap<object, Promise<SignedIn | null>>();

interface RequestArgs {
  request: Request;
  context?: AppLoadContext;
}

/** The signed-in user of this request, or null; looked up once per request (loaders share it). */
export function getSignedIn({ request, context }: RequestArgs): Promise<SignedIn | null> {
  const key = context ?? request;
  let pending = cache.get(key);
  if (!pending) {
    pending = loadSignedIn(request);
    cache.set(key, pending);
  }
  return pending;
}

/** The signed-in user, or a redirect to /anmelden that returns here afterwards. */
export async function requireUser(args: RequestArgs): Promise<SignedIn> {
  const signedIn = await getSignedIn(args);
  if (!signedIn) redirectToSignIn(args.request);
  return signedIn;
}

export async function requireAdmin(args: RequestArgs): Promise<SignedIn> {
  const signedIn = await requireUser(args);
  if (signedIn.viewer.platformRole !== 'admin') throw forbidden({ userId: signedIn.viewer.userId });
  return signedIn;
}
