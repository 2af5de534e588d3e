import type { IncomingMessage } from 'node:http';
import { readClaims } from '~/lib/auth/session.server';
import { COLLAB_PATH_PREFIX, parseDocumentName } from '~/lib/collab/protocol';
import type { Claims } from '~/lib/db/with-user.server';
import { withUser } from '~/lib/db/with-user.server';
import { caretColor } from '~/lib/collab/caret-color';

export interface CollabIdentity {
  claims: Claims;
  userId: string;
  name: string;
  organization: string | null;
  color: string;
}

export interface AuthorizedUpgrade {
  documentName: string;
  measureId: string;
  identity: CollabIdentity;
  access: 'edit' | 'view';
}

export class UpgradeRefused extends Error {
  constructor(
    readonly status: 401 | 403 | 404 | 400,
    readonly reason: string,
  ) {
    super(reason);
  }
}

/** A stable caret colour per user. */
export const colorFor = (userId: string): string => caretColor(userId);

function isAllowedOrigin(request: IncomingMessage, allowedOrigins: readonly string[]): boolean {
  const origin = request.headers.origin;
  if (!origin) return false;
  if (allowedOrigins.includes(origin)) return true;
  const host = request.headers.host;
  return Boolean(host) && (origin === `http://${host}` || origin === `https://${host}`);
}

/**
 * Called for every HTTP upgrade under /collab/, before the 101. Guarantees: the Origin is this
 * server's own or allowed; the document name is exactly `measure:<uuid>`; the session cookie is
 * valid; Postgres, asked as the user, grants edit or view. Otherwise it throws UpgradeRefused (403
 * origin or access, 404 path, name or unknown measure, 401 session) and nothing is created — no
 * room, no row.
 */
export async function authorizeUpgrade(
  request: IncomingMessage,
  allowedOrigins: readonly string[],
): Promise<AuthorizedUpgrade> {
  if (!isAllowedOrigin(request, allowedOrigins)) throw new UpgradeRefused(403, 'origin');
  const path = (request.url ?? '').split('?')[0] ?? '';
  if (!path.startsWith(COLLAB_PATH_PREFIX)) throw new UpgradeRefused(404, 'path');
  let documentName: string;
  try {
    documentName = decodeURIComponent(path.slice(COLLAB_PATH_PREFIX.length));
  } catch {
    throw new UpgradeRefused(400, 'name');
  }
  const parsed = parseDocumentName(documentName);
  if (!parsed) throw new UpgradeRefused(404, 'name');

  const headers = new Headers();
  for (const [key, value] of Object.entries(request.headers)) {
    if (typeof value === 'string') headers.set(key, value);
  }
  const protocol = (request.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const claims = await readClaims(
    new Request(`${protocol}://${request.headers.host ?? 'localhost'}${path}`, { headers }),
  );
  if (!claims) throw new UpgradeRefused(401, 'session');

  const row = await withUser(claims, async (tx) => {
    const { rows } = await tx.query<{
      access: 'edit' | 'view' | null;
      does_exist: boolean;
      display_name: string | null;
      short_name: string | null;
    }>(
      `select public.measure_document_access($1) as access, app_private.measure_exists($1) as does_exist,
              p.display_name, o.short_name
         from public.profiles p left join public.organizations o on o.organization_id = p.organization_id
        where p.profile_id = (select auth.uid())`,
      [parsed.measureId],
    );
    return rows[0];
  });
  // Like the measure pages: 404 for no such measure, 403 for one the user may not see.
  if (row && !row.does_exist) throw new UpgradeRefused(404, 'measure');
  if (!row?.access) throw new UpgradeRefused(403, 'access');
  return {
    documentName,
    measureId: parsed.measureId,
    access: row.access,
    identity: {
      claims,
      userId: claims.sub,
      name: row.display_name ?? claims.email,
      organization: row.short_name,
      color: colorFor(claims.sub),
    },
  };
}

/** Asked again while connected: the access each user now has to each of their open measures. */
export async function recheckAccess(
  claims: Claims,
  measureIds: string[],
): Promise<Map<string, 'edit' | 'view' | null>> {
  return withUser(claims, async (tx) => {
    const { rows } = await tx.query<{ measure_id: string; access: 'edit' | 'view' | null }>(
      'select id as measure_id, public.measure_document_access(id) as access from unnest($1::uuid[]) as id',
      [measureIds],
    );
    return new Map(rows.map((row) => [row.measure_id, row.access]));
  });
}
