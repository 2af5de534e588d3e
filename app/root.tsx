import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from 'react-router';
import type { Route } from './+types/root';
import { ErrorPage } from './components/error-page';
import { useT } from './components/i18n';
import { useNonce } from './components/nonce';
import { SiteHeader, type HeaderViewer } from './components/site-header';
import { getSignedIn } from './lib/auth/viewer.server';
import { DEFAULT_LOCALE } from './lib/i18n/i18n';
import { getLocale } from './lib/i18n/locale.server';
import { pageTitle } from './lib/i18n/meta';
import stylesHref from './styles/app.css?url';
import meetingStylesHref from './styles/meetings.css?url';

export const links: Route.LinksFunction = () => [
  { rel: 'stylesheet', href: stylesHref },
  // The measure page shows decisions from meetings.
  { rel: 'stylesheet', href: meetingStylesHref },
  { rel: 'icon', href: '/favicon.svg', type: 'image/svg+xml' },
];

/** Fallback title for pages without their own (error pages); routes' own meta replaces it. */
export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'error.title');

export async function loader(args: Route.LoaderArgs) {
  const signedIn = await getSignedIn(args);
  const locale = getLocale(args.request, signedIn?.viewer.locale);
  const viewer: HeaderViewer | null = signedIn
    ? {
        displayName: signedIn.viewer.displayName,
        organizationShortName: signedIn.viewer.organization?.shortName ?? null,
        platformRole: signedIn.viewer.platformRole,
        moderatedGroups: signedIn.viewer.moderatedGroups,
        ...signedIn.viewer.counts,
      }
    : null;
  return { locale, viewer };
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRouteLoaderData<typeof loader>('root');
  const locale = data?.locale ?? DEFAULT_LOCALE;
  const nonce = useNonce();
  const t = useT();
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <a className="skip-link" href="#main">
          {t('app.skipToContent')}
        </a>
        <SiteHeader viewer={data?.viewer ?? null} locale={locale} />
        <main id="main" tabIndex={-1}>
          {children}
        </main>
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
