import { Form, Link } from 'react-router';
import type { Route } from './+types/notifications';
import { DateTime } from '~/components/date-time';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { requireUser } from '~/lib/auth/viewer.server';
import { pageTitle } from '~/lib/i18n/meta';
import { listNotifications, markNotificationsRead } from '~/lib/review/review.server';

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

export default function Notifications({ loaderData }: Route.ComponentProps) {
  const t = useT();
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
            const measure = notification.measureCode
              ? `${notification.measureCode} ${notification.measureTitle ?? ''}`.trim()
              : t('review.notifications.unknownMeasure');
            return (
              <li
                key={notification.notificationId}
                className={notification.isRead ? 'notification' : 'notification is-unread'}
              >
                {notification.isRead ? null : (
                  <strong className="badge">{t('review.notifications.unread')}</strong>
                )}{' '}
                {notification.measureId && notification.measureCode ? (
                  <Link to={`/massnahmen/${notification.measureId}`}>
                    {t(`review.notifications.${notification.kind}`, {
                      actor: notification.actorName ?? t('review.notifications.someone'),
                      measure,
                    })}
                  </Link>
                ) : (
                  t(`review.notifications.${notification.kind}`, {
                    actor: notification.actorName ?? t('review.notifications.someone'),
                    measure,
                  })
                )}{' '}
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
