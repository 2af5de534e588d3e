import { Link, useSearchParams } from 'react-router';
import type { Route } from './+types/dashboard';
import { ErrorPage } from '~/components/error-page';
import { useLocale, useT } from '~/components/i18n';
import { MeasureFilters } from '~/components/measures/measure-filters';
import { ProgressChart, StatusChart } from '~/components/tracking/charts';
import { TableScroll } from '~/components/tracking/parts';
import { requireUser } from '~/lib/auth/viewer.server';
import { rethrowAsResponse } from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import { filterFromUrl, MEASURE_STATUSES } from '~/lib/measures/measures.schema';
import { listFilterOptions } from '~/lib/measures/measures.server';
import { getDashboard } from '~/lib/tracking/dashboard.server';
import { berlinDate, formatDate } from '~/lib/tracking/dates';
import { DashboardFilterSchema } from '~/lib/tracking/tracking.schema';
import trackingStyles from '~/styles/tracking.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: trackingStyles }];
export const meta: Route.MetaFunction = ({ matches }) =>
  pageTitle(matches, 'tracking.dashboard.title');

export async function loader(args: Route.LoaderArgs) {
  const signedIn = await requireUser(args);
  const locale = getLocale(args.request, signedIn.viewer.locale);
  const filter = filterFromUrl(DashboardFilterSchema, args.request.url);
  return signedIn
    .db(async (tx) => ({
      dashboard: await getDashboard(tx, filter, locale, berlinDate(new Date())),
      options: await listFilterOptions(tx, { isSignedIn: true }),
      filter,
    }))
    .catch(rethrowAsResponse);
}

export default function DashboardPage({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const locale = useLocale();
  const { dashboard, options, filter } = loaderData;
  const [searchParams] = useSearchParams();
  const query = searchParams.toString();
  const suffix = query ? `?${query}` : '';
  const { total } = dashboard;
  return (
    <div className="page page--wide tracking-page">
      <h1>{t('tracking.dashboard.title')}</h1>
      <p className="lead">{t('tracking.dashboard.intro')}</p>

      <MeasureFilters
        filter={filter}
        options={options}
        themes={dashboard.themes}
        isSignedIn
        resetTo="/umsetzung"
      />

      <p className="result-count" role="status">
        {t('tracking.dashboard.total', { count: total.total })}
      </p>

      <ul className="tracking-kpis">
        <li>
          <strong>{total.byKind.quick_win}</strong>
          {t('measure.kind.quick_win')}
        </li>
        <li>
          <strong>{total.byKind.flagship}</strong>
          {t('measure.kind.flagship')}
        </li>
        <li>
          <strong>{total.quickWinsDueSoon}</strong>
          {t('tracking.dashboard.quickWinsDue')}
        </li>
        <li>
          <strong>{total.overdueMilestones}</strong>
          {t('tracking.dashboard.overdueMilestones')}
        </li>
        <li>
          <strong>{total.staleCheckIns}</strong>
          {t('tracking.dashboard.staleCheckIns')}
        </li>
        <li>
          <strong>{total.averageProgress === null ? '—' : `${total.averageProgress} %`}</strong>
          {t('tracking.dashboard.averageProgress')}
        </li>
      </ul>

      <section className="panel" aria-labelledby="exports">
        <h2 id="exports">{t('tracking.dashboard.exports')}</h2>
        <p>{t('tracking.dashboard.exportsIntro')}</p>
        <ul className="export-links">
          <li>
            <a className="button button--secondary" href="/berichte/masterplan.docx" download>
              {t('tracking.export.masterplanDocx')}
            </a>
          </li>
          <li>
            <Link className="button button--secondary" to="/berichte/masterplan">
              {t('tracking.export.masterplanPrint')}
            </Link>
          </li>
          <li>
            <a
              className="button button--secondary"
              href="/berichte/sachstandsbericht.docx"
              download
            >
              {t('tracking.export.statusReportDocx')}
            </a>
          </li>
          <li>
            <a
              className="button button--secondary"
              href={`/berichte/massnahmen.xlsx${suffix}`}
              download
            >
              {t('tracking.export.xlsx')}
            </a>
          </li>
          <li>
            <a
              className="button button--secondary"
              href={`/berichte/massnahmen.csv${suffix}`}
              download
            >
              {t('tracking.export.csv')}
            </a>
          </li>
          <li>
            <Link className="button button--secondary" to="/masterplan">
              {t('tracking.export.public')}
            </Link>
          </li>
        </ul>
      </section>

      <section className="panel" aria-labelledby="by-theme">
        <h2 id="by-theme">{t('tracking.dashboard.byTheme')}</h2>
        <div className="tracking-grid">
          <StatusChart
            id="status-chart"
            rows={dashboard.themes.map((theme) => ({
              label: theme.name,
              byStatus: theme.tally.byStatus,
            }))}
          />
          <ProgressChart
            id="progress-chart"
            rows={dashboard.themes.map((theme) => ({
              label: theme.name,
              value: theme.tally.averageProgress,
            }))}
          />
        </div>
        <TallyTable
          caption={t('tracking.dashboard.byTheme')}
          head={t('tracking.dashboard.theme')}
          rows={dashboard.themes.map((theme) => ({
            key: theme.themeId,
            label: theme.name,
            tally: theme.tally,
          }))}
        />
      </section>

      <section className="panel" aria-labelledby="by-organization">
        <h2 id="by-organization">{t('tracking.dashboard.byOrganization')}</h2>
        <TallyTable
          caption={t('tracking.dashboard.byOrganization')}
          head={t('tracking.dashboard.organization')}
          rows={dashboard.organizations.map((o) => ({
            key: o.organizationId ?? 'none',
            label: o.shortName ?? t('tracking.dashboard.noLead'),
            tally: o.tally,
          }))}
        />
      </section>

      <div className="tracking-grid">
        <section className="panel" aria-labelledby="due-soon">
          <h2 id="due-soon">{t('tracking.dashboard.quickWinsDue')}</h2>
          {dashboard.quickWinsDueSoon.length === 0 ? (
            <p>{t('tracking.dashboard.none')}</p>
          ) : (
            <ul>
              {dashboard.quickWinsDueSoon.map((m) => (
                <li key={m.measureId}>
                  <Link to={`/massnahmen/${m.measureId}/umsetzung`}>
                    {m.code} {m.title}
                  </Link>{' '}
                  – {formatDate(m.dueDate, locale)}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="overdue">
          <h2 id="overdue">{t('tracking.dashboard.overdueMilestones')}</h2>
          {dashboard.overdueMilestones.length === 0 ? (
            <p>{t('tracking.dashboard.none')}</p>
          ) : (
            <ul>
              {dashboard.overdueMilestones.map((m, index) => (
                <li key={`${m.measureId}-${index}`}>
                  <Link to={`/massnahmen/${m.measureId}/umsetzung`}>{m.code}</Link>:{' '}
                  {m.milestoneTitle} – {formatDate(m.milestoneDueDate, locale)}
                </li>
              ))}
            </ul>
          )}
        </section>
        <section className="panel" aria-labelledby="stale">
          <h2 id="stale">{t('tracking.dashboard.staleCheckIns')}</h2>
          {dashboard.staleCheckIns.length === 0 ? (
            <p>{t('tracking.dashboard.none')}</p>
          ) : (
            <ul>
              {dashboard.staleCheckIns.map((m) => (
                <li key={`${m.measureId}-${m.period}`}>
                  <Link to={`/massnahmen/${m.measureId}/umsetzung`}>
                    {m.code} {m.title}
                  </Link>{' '}
                  – {m.period}, {formatDate(m.checkInDueDate, locale)}
                </li>
              ))}
            </ul>
          )}
        </section>
      </div>
    </div>
  );
}

function TallyTable({
  caption,
  head,
  rows,
}: {
  caption: string;
  head: string;
  rows: {
    key: string;
    label: string;
    tally: Route.ComponentProps['loaderData']['dashboard']['total'];
  }[];
}) {
  const t = useT();
  return (
    <TableScroll label={caption}>
      <table className="tracking-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{head}</th>
            <th scope="col" className="number">
              {t('tracking.dashboard.count')}
            </th>
            {MEASURE_STATUSES.map((status) => (
              <th scope="col" className="number" key={status}>
                {t(`measure.status.${status}`)}
              </th>
            ))}
            <th scope="col" className="number">
              {t('measure.kind.quick_win')}
            </th>
            <th scope="col" className="number">
              {t('measure.kind.flagship')}
            </th>
            <th scope="col" className="number">
              {t('tracking.dashboard.quickWinsDue')}
            </th>
            <th scope="col" className="number">
              {t('tracking.dashboard.overdueMilestones')}
            </th>
            <th scope="col" className="number">
              {t('tracking.dashboard.staleCheckIns')}
            </th>
            <th scope="col" className="number">
              {t('tracking.dashboard.averageProgress')}
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map(({ key, label, tally }) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td className="number">{tally.total}</td>
              {MEASURE_STATUSES.map((status) => (
                <td className="number" key={status}>
                  {tally.byStatus[status]}
                </td>
              ))}
              <td className="number">{tally.byKind.quick_win}</td>
              <td className="number">{tally.byKind.flagship}</td>
              <td className="number">{tally.quickWinsDueSoon}</td>
              <td className="number">{tally.overdueMilestones}</td>
              <td className="number">{tally.staleCheckIns}</td>
              <td className="number">
                {tally.averageProgress === null ? '—' : `${tally.averageProgress} %`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </TableScroll>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
