import type { Route } from './+types/masterplan-print';
import { ErrorPage } from '~/components/error-page';
import { useLocale, useT } from '~/components/i18n';
import { MasterplanDocument } from '~/components/tracking/masterplan-document';
import { requireUser } from '~/lib/auth/viewer.server';
import { loadMasterplan } from '~/lib/exports/masterplan.server';
import { rethrowAsResponse } from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import { berlinDate, formatDate } from '~/lib/tracking/dates';
import trackingStyles from '~/styles/tracking.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: trackingStyles }];
export const meta: Route.MetaFunction = ({ matches }) => pageTitle(matches, 'tracking.print.title');

export async function loader(args: Route.LoaderArgs) {
  const signedIn = await requireUser(args);
  const locale = getLocale(args.request, signedIn.viewer.locale);
  const themes = await signedIn.db((tx) => loadMasterplan(tx, locale)).catch(rethrowAsResponse);
  return { themes, today: berlinDate(new Date()) };
}

export default function MasterplanPrintPage({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const { themes, today } = loaderData;
  const count = themes.reduce((sum, theme) => sum + theme.measures.length, 0);
  return (
    <div className="page masterplan-doc">
      <p className="no-print">
        <a className="button button--secondary" href="/berichte/masterplan.docx" download>
          {t('tracking.export.masterplanDocx')}
        </a>{' '}
        <span className="tracking-muted">{t('tracking.export.print')}</span>
      </p>
      <header className="masterplan-cover">
        <h1>{t('tracking.export.masterplanTitle')}</h1>
        <p className="lead">{t('tracking.export.masterplanSubtitle')}</p>
        <p>{t('tracking.export.publisher')}</p>
        <p>
          {t('tracking.export.asOf', { date: formatDate(today, locale) })} ·{' '}
          {t('tracking.export.measureCount', { count })}
        </p>
      </header>
      <MasterplanDocument themes={themes} showDetails />
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
