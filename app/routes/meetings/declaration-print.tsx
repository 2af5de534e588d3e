import { Link } from 'react-router';
import type { Route } from './+types/declaration-print';
import { DateTime } from '~/components/date-time';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { DeclarationDocument } from '~/components/meetings/declaration-document';
import { RoadmapList } from '~/components/meetings/roadmap-list';
import { requireUser } from '~/lib/auth/viewer.server';
import {
  getDeclaration,
  loadRoadmap,
  parseDeclarationId,
} from '~/lib/declarations/declarations.server';
import { AppError } from '~/lib/errors';
import { rethrowAsResponse } from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import meetingStyles from '~/styles/meetings.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }];
export const meta: Route.MetaFunction = ({ data: loaderData, matches }) =>
  pageTitle(matches, 'declarations.title').map(({ title }) => ({
    title: loaderData ? `${loaderData.declaration.title} – ${title}` : title,
  }));

export async function loader(args: Route.LoaderArgs) {
  const { viewer, db } = await requireUser(args);
  try {
    const declarationId = parseDeclarationId(args.params.declarationId);
    return await db(async (tx) => {
      const declaration = await getDeclaration(
        tx,
        declarationId,
        getLocale(args.request, viewer.locale),
      );
      if (declaration.status !== 'frozen')
        throw new AppError({
          status: 409,
          code: 'declaration_not_frozen',
          message: 'declarations.export.notFrozen',
        });
      return { declaration, roadmap: await loadRoadmap(tx, declaration.measureIds) };
    });
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

/** Print-ready HTML of the frozen declaration (the browser's print dialog makes the PDF). */
export default function DeclarationPrint({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { declaration, roadmap } = loaderData;
  return (
    <div className="page declaration-print">
      <p className="no-print button-row">
        <Link to={`/erklaerungen/${declaration.declarationId}`}>{t('declarations.page.back')}</Link>
        <a
          className="button button--secondary"
          href={`/erklaerungen/${declaration.declarationId}/erklaerung.docx`}
          download
        >
          {t('declarations.page.docx')}
        </a>
      </p>
      <header>
        <h1>{declaration.title}</h1>
        {declaration.frozenAt ? (
          <p>
            {t('declarations.export.frozenOn')} <DateTime iso={declaration.frozenAt} />
          </p>
        ) : null}
      </header>
      <DeclarationDocument declaration={declaration} />
      <section aria-labelledby="print-roadmap" className="declaration-print__roadmap">
        <h2 id="print-roadmap">{t('declarations.roadmap.title')}</h2>
        <RoadmapList entries={roadmap} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
