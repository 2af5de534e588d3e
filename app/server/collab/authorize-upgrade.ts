import type { IncomingMessage } from 'node:http';
import { withSessionUser } from '~/lib/auth/session.server';
import {
  COLLAB_PATH_PREFIX,
  documentName as nameOf,
  parseDocumentName,
  type DocumentKind,
  type DocumentRef,
} from '~/lib/collab/protocol';
import type { Claims, Tx } from '~/lib/db/with-user.server';
import { withService } from '~/lib/db/with-service.server';
import { activeSessionsIn, sessionKey } from './persistence.server';
import { caretColor } from '~/lib/collab/caret-color';
import { DOCUMENT_KINDS } from './document-kinds.server';

export interface CollabIdentity {
  claims: Claims;
  userId: string;
  name: string;
  organization: string | null;
  color: string;
}

export interface AuthorizedUpgrade {
  documentName: string;
  document: DocumentRef;
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
 * server's own or allowed; the document name is exactly `measure:<uuid>` or `minutes:<uuid>`; the
 * session cookie is valid; Postgres, asked as the user, grants edit or view (the kind's access
 * rule, `DOCUMENT_KINDS`). Otherwise it throws UpgradeRefused (403 origin or access, 404 path, name
 * or unknown measure or meeting, 401 session) and nothing is created — no room, no row.
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

  // Only what the session lookup reads: the cookies (and the URL, for the cookie's name).
  const headers = new Headers();
  const cookie = request.headers.cookie;
  if (cookie) headers.set('cookie', cookie);
  const protocol = (request.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http';
  const kind = DOCUMENT_KINDS[parsed.kind];
  // Session and access in one transaction: the user's claims, then the kind's access rule as them.
  const session = await withSessionUser(
    new Request(`${protocol}://${request.headers.host ?? 'localhost'}${path}`, { headers }),
    async (tx) => {
      const { rows } = await tx.query<{
        access: 'edit' | 'view' | null;
        does_exist: boolean;
        display_name: string | null;
        short_name: string | null;
      }>(
        `select ${kind.accessSql} as access, ${kind.existsSql} as does_exist, p.display_name, o.short_name
           from (select $1::uuid as id) d,
                public.profiles p left join public.organizations o on o.organization_id = p.organization_id
          where p.profile_id = (select auth.uid())`,
        [parsed.id],
      );
      return rows[0];
    },
  );
  if (!session) throw new UpgradeRefused(401, 'session');
  const { claims, result: row } = session;
  // Like the pages: 404 for no such measure or meeting, 403 for one the user may not change or see.
  if (row && !row.does_exist) throw new UpgradeRefused(404, 'document');
  if (!row?.access) throw new UpgradeRefused(403, 'access');
  return {
    documentName,
    document: parsed,
    access: row.access === 'edit' ? 'edit' : 'view',
    identity: {
      claims,
      userId: claims.sub,
      name: row.display_name ?? claims.email,
      organization: row.short_name,
      color: colorFor(claims.sub),
    },
  };
}

/**
 * Asked again while connected, for every open connection at once: which sessions are still valid
 * (see `activeSessions`) and, for each, the access its user now has to each of their open
 * documents, by document name (absent or null: none). One transaction per round, not one or two
 * per user: the sessions are checked as service_role, then the transaction continues as each user
 * in turn (role and claims set as `withUser` sets them), so Postgres answers each as that user.
 */
export async function recheckSessions(
  sessions: readonly { claims: Claims; documents: readonly DocumentRef[] }[],
): Promise<Map<string, Map<string, 'edit' | 'view' | null> | null>> {
  return withService(async (tx) => {
    const active = await activeSessionsIn(
      tx,
      sessions.map((s) => s.claims),
    );
    const result = new Map<string, Map<string, 'edit' | 'view' | null> | null>();
    for (const { claims, documents } of sessions) {
      const key = sessionKey(claims);
      if (!active.has(key)) {
        result.set(key, null);
        continue;
      }
      await tx.query(
        "select set_config('role', 'authenticated', true), set_config('request.jwt.claims', $1, true)",
        [JSON.stringify(claims)],
      );
      result.set(key, await accessIn(tx, documents));
    }
    return result;
  });
}

/** The access of the transaction's user to each document, by document name. */
async function accessIn(
  tx: Tx,
  documents: readonly DocumentRef[],
): Promise<Map<string, 'edit' | 'view' | null>> {
  const byKind = new Map<DocumentKind, string[]>();
  for (const document of documents) {
    const ids = byKind.get(document.kind);
    if (ids) ids.push(document.id);
    else byKind.set(document.kind, [document.id]);
  }
  const access = new Map<string, 'edit' | 'view' | null>();
  for (const [kind, ids] of byKind) {
    const { rows } = await tx.query<{ id: string; access: 'edit' | 'view' | null }>(
      `select d.id, ${DOCUMENT_KINDS[kind].accessSql} as access from unnest($1::uuid[]) as d(id)`,
      [[...new Set(ids)]],
    );
    for (const row of rows) access.set(nameOf({ kind, id: row.id }), row.access);
  }
  return access;
}
