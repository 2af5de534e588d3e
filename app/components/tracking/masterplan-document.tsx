import type { MasterplanTheme } from '~/lib/exports/masterplan.server';
import { formatDate } from '~/lib/tracking/dates';
import { useLocale, useT } from '../i18n';
import { ProgressMeter } from './parts';

/**
 * The Masterplan as one HTML document (print view and public page): measures by Themenfeld with
 * their published text, progress, milestones and indicators. `contentHtml` is the collab server's
 * sanitised HTML, never client input.
 */
export function MasterplanDocument({
  themes,
  showDetails,
}: {
  themes: MasterplanTheme[];
  showDetails: boolean;
}) {
  const t = useT();
  const locale = useLocale();
  const number = new Intl.NumberFormat(locale === 'de' ? 'de-DE' : 'en-GB');
  const show = (value: number | null) => (value === null ? '—' : number.format(value));
  return (
    <>
      <nav className="masterplan-toc" aria-labelledby="toc-title">
        <h2 id="toc-title">{t('tracking.export.contents')}</h2>
        <ol>
          {themes.map((theme) => (
            <li key={theme.themeId}>
              <a href={`#theme-${theme.code}`}>
                {theme.code} {theme.name}
              </a>{' '}
              ({theme.measures.length})
            </li>
          ))}
        </ol>
      </nav>
      {themes.map((theme) => (
        <section
          key={theme.themeId}
          className="masterplan-theme"
          aria-labelledby={`theme-${theme.code}`}
        >
          <h2 id={`theme-${theme.code}`}>
            {theme.code} {theme.name}
          </h2>
          <p>{theme.description}</p>
          {theme.measures.length === 0 ? <p>{t('tracking.public.empty')}</p> : null}
          {theme.measures.map((measure) => (
            <article
              key={measure.measureId}
              className="masterplan-measure"
              aria-labelledby={`m-${measure.code}`}
            >
              <h3 id={`m-${measure.code}`}>
                {measure.code} {measure.title}
              </h3>
              <dl className="facts">
                <dt>{t('measure.kind')}</dt>
                <dd>{t(`measure.kind.${measure.kind}`)}</dd>
                <dt>{t('measure.status')}</dt>
                <dd>{t(`measure.status.${measure.status}`)}</dd>
                <dt>{t('measure.role.lead')}</dt>
                <dd>{measure.lead ?? t('board.noLead')}</dd>
                {showDetails ? (
                  <>
                    <dt>{t('tracking.export.partners')}</dt>
                    <dd>{measure.partners.join(', ') || '—'}</dd>
                  </>
                ) : null}
              </dl>
              <ProgressMeter
                value={measure.progress}
                label={`${t('tracking.progress')}: ${measure.code}`}
              />
              {measure.summary ? <p className="lead">{measure.summary}</p> : null}
              {measure.contentHtml ? (
                <div
                  className="rendered-text"
                  dangerouslySetInnerHTML={{ __html: measure.contentHtml }}
                />
              ) : null}
              {showDetails && measure.milestones.length > 0 ? (
                <table className="tracking-table">
                  <caption>{t('tracking.milestones')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('tracking.milestone.title')}</th>
                      <th scope="col">{t('tracking.milestone.dueDate')}</th>
                      <th scope="col">{t('tracking.milestone.doneDate')}</th>
                      <th scope="col">{t('tracking.milestone.responsible')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {measure.milestones.map((m, index) => (
                      <tr key={index}>
                        <th scope="row">{m.title}</th>
                        <td>{formatDate(m.dueDate, locale)}</td>
                        <td>{formatDate(m.doneDate, locale)}</td>
                        <td>{m.responsibleOrganization?.shortName ?? '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
              {showDetails && measure.indicators.length > 0 ? (
                <table className="tracking-table">
                  <caption>{t('tracking.indicators')}</caption>
                  <thead>
                    <tr>
                      <th scope="col">{t('tracking.indicator.name')}</th>
                      <th scope="col">{t('tracking.indicator.baseline')}</th>
                      <th scope="col">{t('tracking.indicator.target')}</th>
                      <th scope="col">{t('tracking.indicator.latest')}</th>
                      <th scope="col">{t('tracking.progress')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {measure.indicators.map((i, index) => (
                      <tr key={index}>
                        <th scope="row">{i.unit ? `${i.name} (${i.unit})` : i.name}</th>
                        <td>
                          {show(i.baselineValue)} ({formatDate(i.baselineDate, locale)})
                        </td>
                        <td>
                          {show(i.targetValue)} ({formatDate(i.targetDate, locale)})
                        </td>
                        <td>
                          {show(i.latestValue)} ({formatDate(i.latestDate, locale)})
                        </td>
                        <td>{i.progress === null ? '—' : `${i.progress} %`}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              ) : null}
            </article>
          ))}
        </section>
      ))}
    </>
  );
}
