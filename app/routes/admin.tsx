import { Link } from 'react-router';
import type { Route } from './+types/admin';
import { ADMIN_PATHS, AdminNav } from '~/components/admin/admin-nav';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { getAdminSummary } from '~/lib/admin/summary.server';
import { requireAdmin } from '~/lib/auth/viewer.server';
import { rethrowAsResponse } from '~/lib/http.server';
import { pageTitle } from '~/lib/i18n/meta';

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'admin.title');

export async function loader(args: Route.LoaderArgs) {
  const { db } = await requireAdmin(args).catch(rethrowAsResponse);
  const summary = await db(getAdminSummary).catch(rethrowAsResponse);
  return { summary };
}

export default function Admin({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { summary } = loaderData;
  const sections = [
    {
      to: ADMIN_PATHS.organizations,
      title: t('admin.organizations.title'),
      text: t('admin.organizations.summary'),
      count: t('admin.organizations.count', { count: summary.organizations }),
    },
    {
      to: ADMIN_PATHS.networks,
      title: t('admin.networks.title'),
      text: t('admin.networks.summary'),
      count: t('admin.networks.count', { count: summary.networks }),
    },
    {
      to: ADMIN_PATHS.accounts,
      title: t('admin.accounts.title'),
      text: t('admin.accounts.summary'),
      count: `${t('admin.accounts.count', { count: summary.accounts })}, ${t('admin.accounts.inactiveCount', { count: summary.inactiveAccounts })}`,
    },
  ];
  return (
    <div className="page admin-page">
      <h1>{t('admin.title')}</h1>
      <AdminNav />
      <p className="lead">{t('admin.intro')}</p>
      <ul className="admin-cards">
        {sections.map((section) => (
          <li key={section.to} className="admin-card">
            <h2>
              <Link to={section.to}>{section.title}</Link>
            </h2>
            <p>{section.text}</p>
            <p className="admin-card__count">{section.count}</p>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
