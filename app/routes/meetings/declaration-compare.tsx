import { Form, Link } from 'react-router';
import type { Route } from './+types/declaration-compare';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { requireUser } from '~/lib/auth/viewer.server';
import { CompareQuerySchema } from '~/lib/declarations/declarations.schema';
import { compareDeclarations, listDeclarations } from '~/lib/declarations/declarations.server';
import { rethrowAsResponse } from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import type { DiffPart } from '~/lib/review/diff';
import meetingStyles from '~/styles/meetings.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }];
export const meta: Route.MetaFunction = ({ matches }) =>
  pageTitle(matches, 'declarations.compare.title');

export async function loader(args: Route.LoaderArgs) {
  const { viewer, db } = await requireUser(args);
  const url = new URL(args.request.url);
  const query = CompareQuerySchema.safeParse(Object.fromEntries(url.searchParams));
  try {
    return await db(async (tx) => {
      const { declarations } = await listDeclarations(tx);
      const comparison = query.success
        ? await compareDeclarations(
            tx,
            query.data.a,
            query.data.b,
            getLocale(args.request, viewer.locale),
          )
        : null;
      return {
        declarations,
        comparison,
        selected: { a: url.searchParams.get('a'), b: url.searchParams.get('b') },
      };
    });
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

function Diff({ parts }: { parts: DiffPart[] }) {
  const t = useT();
  return (
    <p className="declaration-diff">
      {parts.map((part, index) =>
        part.kind === 'equal' ? (
          <span key={index}>{part.text}</span>
        ) : part.kind === 'insert' ? (
          <ins key={index} aria-label={`${t('declarations.compare.inserted')}: ${part.text}`}>
            {part.text}
          </ins>
        ) : (
          <del key={index} aria-label={`${t('declarations.compare.deleted')}: ${part.text}`}>
            {part.text}
          </del>
        ),
      )}
    </p>
  );
}

export default function DeclarationCompare({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { declarations, comparison, selected } = loaderData;
  const defaultA =
    selected.a ?? declarations.find((d) => d.declarationId !== selected.b)?.declarationId ?? '';
  const defaultB = selected.b ?? declarations[0]?.declarationId ?? '';
  return (
    <div className="page">
      <p>
        <Link to="/erklaerungen">{t('declarations.page.back')}</Link>
      </p>
      <h1>{t('declarations.compare.title')}</h1>
      {declarations.length < 2 ? (
        <p>{t('declarations.compare.needTwo')}</p>
      ) : (
        <Form method="get" className="form form--inline">
          <div className="field">
            <label htmlFor="compare-a">{t('declarations.compare.a')}</label>
            <select id="compare-a" name="a" defaultValue={defaultA}>
              {declarations.map((declaration) => (
                <option key={declaration.declarationId} value={declaration.declarationId}>
                  {declaration.title} ({t(`declarations.status.${declaration.status}`)})
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor="compare-b">{t('declarations.compare.b')}</label>
            <select id="compare-b" name="b" defaultValue={defaultB}>
              {declarations.map((declaration) => (
                <option key={declaration.declarationId} value={declaration.declarationId}>
                  {declaration.title} ({t(`declarations.status.${declaration.status}`)})
                </option>
              ))}
            </select>
          </div>
          <div>
            <button type="submit" className="button button--primary">
              {t('declarations.compare.submit')}
            </button>
          </div>
        </Form>
      )}
      {comparison ? (
        <>
          <section className="panel" aria-labelledby="compare-preamble">
            <h2 id="compare-preamble">{t('declarations.page.preamble')}</h2>
            <Diff parts={comparison.preamble} />
          </section>
          <section className="panel" aria-labelledby="compare-measures">
            <h2 id="compare-measures">{t('declarations.page.measures')}</h2>
            <ul className="declaration-compare">
              {comparison.measures.map((entry) => (
                <li key={entry.measureId}>
                  <h3>
                    <span className="measure-code">{entry.code}</span> {entry.title}{' '}
                    <span className={`badge declaration-change declaration-change--${entry.kind}`}>
                      {t(`declarations.compare.${entry.kind}`)}
                    </span>
                  </h3>
                  {entry.kind === 'changed' ? (
                    <>
                      {entry.titleBefore !== entry.title ? (
                        <p>
                          <del>{entry.titleBefore}</del> → <ins>{entry.title}</ins>
                        </p>
                      ) : null}
                      <Diff parts={entry.parts} />
                    </>
                  ) : null}
                </li>
              ))}
            </ul>
          </section>
          <section className="panel" aria-labelledby="compare-commitments">
            <h2 id="compare-commitments">{t('declarations.page.commitments')}</h2>
            <Diff parts={comparison.commitments} />
          </section>
        </>
      ) : null}
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
