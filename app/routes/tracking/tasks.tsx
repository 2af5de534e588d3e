import { Link } from 'react-router';
import type { Route } from './+types/tasks';
import { ErrorPage } from '~/components/error-page';
import { useLocale, useT } from '~/components/i18n';
import { requireUser } from '~/lib/auth/viewer.server';
import { rethrowAsResponse } from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';
import { formatDate } from '~/lib/tracking/dates';
import { listMyTasks } from '~/lib/tracking/tracking.server';
import trackingStyles from '~/styles/tracking.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: trackingStyles }];
export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'tracking.tasks.title');

export async function loader(args: Route.LoaderArgs) {
  const signedIn = await requireUser(args);
  const tasks = await signedIn.db(listMyTasks).catch(rethrowAsResponse);
  return { tasks };
}

export default function TasksPage({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const { tasks } = loaderData;
  return (
    <div className="page tracking-page">
      <h1>{t('tracking.tasks.title')}</h1>
      <p className="lead">{t('tracking.tasks.intro')}</p>
      {tasks.length === 0 ? (
        <p>{t('tracking.tasks.empty')}</p>
      ) : (
        <ul className="tasks-list">
          {tasks.map((task) => (
            <li
              key={`${task.checkInId}-${task.kind}`}
              className={task.kind === 'check_in.escalated' ? 'is-escalated' : undefined}
            >
              <strong>
                {task.kind === 'check_in.escalated'
                  ? `! ${t('tracking.tasks.escalated')}`
                  : t('tracking.tasks.requested')}
              </strong>
              {task.isRead ? null : (
                <>
                  {' '}
                  · <em>{t('tracking.tasks.new')}</em>
                </>
              )}
              {' · '}
              {task.isOpen ? t('tracking.tasks.open') : `✓ ${t('tracking.tasks.done')}`}
              <br />
              <Link to={`/check-ins/${task.checkInId}`}>
                {task.measureCode} {task.measureTitle} – {task.period}
              </Link>
              {' · '}
              {t('tracking.checkIn.dueDate')}: {formatDate(task.dueDate, locale)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
