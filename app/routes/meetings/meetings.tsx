import { data, Form, Link, useNavigation } from 'react-router';
import { z } from 'zod';
import type { Route } from './+types/meetings';
import { DateTime } from '~/components/date-time';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { MeetingTable } from '~/components/meetings/meeting-table';
import { requireUser } from '~/lib/auth/viewer.server';
import {
  describeFailure,
  parseForm,
  rethrowAsResponse,
  type ActionFailure,
} from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';
import { createFeedToken, getFeedState, revokeFeedTokens } from '~/lib/meetings/calendar.server';
import { listVisibleMeetings } from '~/lib/meetings/meetings.server';
import { publicOrigin } from '~/lib/meetings/urls.server';
import meetingStyles from '~/styles/meetings.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }];
export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'meetings.title');

export async function loader(args: Route.LoaderArgs) {
  const { viewer, db } = await requireUser(args);
  try {
    return await db(async (tx) => ({
      meetings: await listVisibleMeetings(tx),
      feed: await getFeedState(tx),
      isAdmin: viewer.platformRole === 'admin',
      now: new Date().toISOString(),
    }));
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

const FeedActionSchema = z.object({ intent: z.enum(['createFeed', 'revokeFeed']) });

type ActionResult = { ok: true; feedUrl: string | null } | ActionFailure;

export async function action(args: Route.ActionArgs) {
  const { db } = await requireUser(args);
  try {
    const { intent } = await parseForm(args.request, FeedActionSchema);
    if (intent === 'revokeFeed') {
      await revokeFeedTokens(db);
      return data<ActionResult>({ ok: true, feedUrl: null });
    }
    const token = await createFeedToken(db);
    return data<ActionResult>({
      ok: true,
      feedUrl: `${publicOrigin(args.request)}/kalender/${token}.ics`,
    });
  } catch (error) {
    const { body, init } = describeFailure(error);
    return data<ActionResult>(body, init);
  }
}

export default function Meetings({ loaderData, actionData }: Route.ComponentProps) {
  const t = useT();
  const navigation = useNavigation();
  const { meetings, feed, isAdmin, now } = loaderData;
  const upcoming = meetings.filter((meeting) => meeting.endsAt >= now);
  const past = meetings.filter((meeting) => meeting.endsAt < now).reverse();
  const success = actionData?.ok ? actionData : null;
  return (
    <div className="page">
      <div className="page-heading">
        <h1>{t('meetings.title')}</h1>
        {isAdmin ? (
          <Link className="button button--primary" to="/sitzungen/neu">
            {t('meetings.newPlenary')}
          </Link>
        ) : null}
      </div>
      <p className="lead">{t('meetings.intro')}</p>
      <section className="panel" aria-labelledby="meetings-upcoming">
        <h2 id="meetings-upcoming">{t('meetings.upcoming')}</h2>
        <MeetingTable meetings={upcoming} showGroup />
      </section>
      {past.length > 0 ? (
        <section className="panel" aria-labelledby="meetings-past">
          <h2 id="meetings-past">{t('meetings.past')}</h2>
          <MeetingTable meetings={past} showGroup />
        </section>
      ) : null}
      <section className="panel" aria-labelledby="meetings-feed">
        <h2 id="meetings-feed">{t('meetings.feed.title')}</h2>
        <p>{t('meetings.feed.intro')}</p>
        {success?.feedUrl ? (
          <div className="alert alert--success" role="status">
            <label htmlFor="feed-url">{t('meetings.feed.url')}</label>
            <input
              id="feed-url"
              type="text"
              readOnly
              value={success.feedUrl}
              className="meetings-feed-url"
            />
          </div>
        ) : success ? (
          <p className="alert alert--success" role="status">
            {t('meetings.feed.revoked')}
          </p>
        ) : null}
        {feed.hasActiveFeed && feed.createdAt && !success?.feedUrl ? (
          <p>
            {t('meetings.feed.active')} <DateTime iso={feed.createdAt} />
          </p>
        ) : !feed.hasActiveFeed ? (
          <p>{t('meetings.feed.inactive')}</p>
        ) : null}
        <div className="button-row">
          <Form method="post">
            <input type="hidden" name="intent" value="createFeed" />
            <button
              type="submit"
              className="button button--secondary"
              disabled={navigation.state !== 'idle'}
            >
              {t('meetings.feed.create')}
            </button>
          </Form>
          {feed.hasActiveFeed ? (
            <Form method="post">
              <input type="hidden" name="intent" value="revokeFeed" />
              <button
                type="submit"
                className="button button--secondary"
                disabled={navigation.state !== 'idle'}
              >
                {t('meetings.feed.revoke')}
              </button>
            </Form>
          ) : null}
        </div>
        <p className="field-help">{t('meetings.feed.createHelp')}</p>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
