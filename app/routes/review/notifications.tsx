import { Form, Link } from 'react-router';
import type { Route } from './+types/notifications';
import { DateTime } from '~/components/date-time';
import { ErrorPage } from '~/components/error-page';
import { useLocale, useT } from '~/components/i18n';
import { requireUser } from '~/lib/auth/viewer.server';
import { pageTitle } from '~/lib/i18n/meta';
import { formatMeetingTime } from '~/lib/meetings/meeting-time';
import { isMeetingNotificationKind } from '~/lib/review/notification-kinds';
import {
  listNotifications,
  markNotificationsRead,
  type Notification,
} from '~/lib/review/review.server';

export const meta: Route.MetaFunction = ({ matches }) =>
  pageTitle(matches, 'review.notifications.title');

export async function loader(args: Route.LoaderArgs) {
  const { db } = await requireUser(args);
  return { notifications: await db(listNotifications) };
}

export async function action(args: Route.ActionArgs) {
  const { db } = await requireUser(args);
  await markNotificationsRead(db);
  return { ok: true };
}

/** What a notification says and where it leads (nowhere when its measure or meeting is gone). */
function useDescribe(): (notification: Notification) => { text: string; href: string | null } {
  const t = useT();
  const locale = useLocale();
  return (notification) => {
    const actor = notification.actorName ?? t('review.notifications.someone');
    const { kind } = notification;
    if (isMeetingNotificationKind(kind)) {
      const text = t(`meetings.notifications.${kind}`, {
        actor,
        title: notification.meetingTitle ?? '',
        when: notification.meetingStartsAt
          ? formatMeetingTime(notification.meetingStartsAt, locale)
          : '',
      });
      const isGone = kind === 'meeting_cancelled' || !notification.meetingId;
      return { text, href: isGone ? null : `/sitzungen/${notification.meetingId}` };
    }
    const measure = notification.measureCode
      ? `${notification.measureCode} ${notification.measureTitle ?? ''}`.trim()
      : t('review.notifications.unknownMeasure');
    const text = t(`review.notifications.${kind}`, { actor, measure });
    const hasMeasure = notification.measureId && notification.measureCode;
    return { text, href: hasMeasure ? `/massnahmen/${notification.measureId}` : null };
  };
}

export default function Notifications({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const describe = useDescribe();
  const { notifications } = loaderData;
  const unread = notifications.some((n) => !n.isRead);
  return (
    <div className="page">
      <h1>{t('review.notifications.title')}</h1>
      {unread ? (
        <Form method="post">
          <button type="submit" className="button button--secondary">
            {t('review.notifications.markRead')}
          </button>
        </Form>
      ) : null}
      {notifications.length === 0 ? (
        <p>{t('review.notifications.none')}</p>
      ) : (
        <ul className="notification-list">
          {notifications.map((notification) => {
            const { text, href } = describe(notification);
            return (
              <li
                key={notification.notificationId}
                className={notification.isRead ? 'notification' : 'notification is-unread'}
              >
                {notification.isRead ? null : (
                  <strong className="badge">{t('review.notifications.unread')}</strong>
                )}{' '}
                {href ? <Link to={href}>{text}</Link> : text}{' '}
                <DateTime iso={notification.createdAt} />
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
