import type { Route } from './+types/public-masterplan';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { MasterplanDocument } from '~/components/tracking/masterplan-document';
import { withAnon } from '~/lib/db/with-user.server';
import { loadMasterplan } from '~/lib/exports/masterplan.server';
import { rethrowAsResponse } from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import { MEASURE_STATUSES } from '~/lib/measures/measures.schema';
import trackingStyles from '~/styles/tracking.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: trackingStyles }];
export const meta: Route.MetaFunction = ({ matches }) =>
  pageTitle(matches, 'tracking.public.title');

/**
 * /masterplan — public, no sign-in. Always read as `anon`, even for a signed-in visitor, so the
 * page shows exactly what the public may see: measures marked public (RLS), granted columns only.
 */
export async function loader(args: Route.LoaderArgs) {
  const locale = getLocale(args.request);
  const published = MEASURE_STATUSES.filter((status) => status !== 'discarded');
  const themes = await withAnon((tx) => loadMasterplan(tx, locale, published)).catch(
    rethrowAsResponse,
  );
  return { themes };
}

export default function PublicMasterplanPage({ loaderData }: Route.ComponentProps) {
  const t = useT();
  return (
    <div className="page masterplan-doc">
      <h1>{t('tracking.public.title')}</h1>
      <p className="lead">{t('tracking.public.intro')}</p>
      <MasterplanDocument themes={loaderData.themes} showDetails />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
