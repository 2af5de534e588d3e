import type { Route } from './+types/calendar-feed';
import { withUser } from '~/lib/db/with-user.server';
import { feedCalendar, isFeedTokenShape } from '~/lib/meetings/calendar.server';
import { readFeedClaims } from '~/lib/auth/feed-claims.server';
import { publicOrigin } from '~/lib/meetings/urls.server';

const notFound = () =>
  new Response('Not found', { status: 404, headers: { 'cache-control': 'no-store' } });

/**
 * /kalender/<token>.ics — a person's calendar feed for calendar programs (no session). The token
 * names its owner; the feed is read as that owner, so RLS decides what it contains. Unknown and
 * revoked tokens get the same 404.
 */
export async function loader(args: Route.LoaderArgs) {
  const token = args.params.file.replace(/\.ics$/, '');
  if (!args.params.file.endsWith('.ics') || !isFeedTokenShape(token)) return notFound();
  const claims = await readFeedClaims(token);
  if (!claims) return notFound();
  const ics = await withUser(claims, (tx) => feedCalendar(tx, publicOrigin(args.request)));
  return new Response(ics, {
    headers: {
      'content-type': 'text/calendar; charset=utf-8',
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'referrer-policy': 'no-referrer',
    },
  });
}
