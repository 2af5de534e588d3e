import { Link } from 'react-router';
import type { Route } from './+types/overview';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { getSignedIn } from '~/lib/auth/viewer.server';
import { withAnon } from '~/lib/db/with-user.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import { listThemes } from '~/lib/themes/themes.server';

export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'overview.title');

export async function loader(args: Route.LoaderArgs) {
  const signedIn = await getSignedIn(args);
  const locale = getLocale(args.request, signedIn?.viewer.locale);
  const themes = signedIn
    ? await signedIn.db((tx) => listThemes(tx, locale))
    : await withAnon((tx) => listThemes(tx, locale));
  return { themes, isSignedIn: signedIn !== null };
}

export default function Overview({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="page">
      <h1>{t('overview.title')}</h1>
      <p className="lead">{t('overview.intro')}</p>
      {loaderData.isSignedIn ? null : (
        <p className="notice">
          <Link to="/anmelden">{t('overview.signInHint')}</Link>
        </p>
      )}
      <ul className="theme-grid" aria-label={t('overview.title')}>
        {loaderData.themes.map((theme) => (
          <li key={theme.themeId} className={`theme-card theme-card--${theme.slug}`}>
            <h2>
              <span className="theme-code">{theme.code}</span> {theme.name}
            </h2>
            <p>{theme.description}</p>
            <p className="theme-count">
              {t('overview.measureCount', { count: theme.measureCount })}
            </p>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
