import { Link } from 'react-router';
import type { Route } from './+types/roadmap';
import { ErrorPage } from '~/components/error-page';
import { useT } from '~/components/i18n';
import { RoadmapList } from '~/components/meetings/roadmap-list';
import { requireUser } from '~/lib/auth/viewer.server';
import { DeclarationIdSchema } from '~/lib/declarations/declarations.schema';
import { getDeclaration, loadRoadmap } from '~/lib/declarations/declarations.server';
import { rethrowAsResponse } from '~/lib/http.server';
import { getLocale } from '~/lib/i18n/locale.server';
import { pageTitle } from '~/lib/i18n/meta';
import meetingStyles from '~/styles/meetings.css?url';

export const links: Route.LinksFunction = () => [{ rel: 'stylesheet', href: meetingStyles }];
export const meta: Route.MetaFunction = ({ matches }) =>
  pageTitle(matches, 'declarations.roadmap.title');

/** /fahrplan[?erklaerung=<id>] — all readable measures' milestones and meetings, or one declaration's. */
export async function loader(args: Route.LoaderArgs) {
  const { viewer, db } = await requireUser(args);
  const raw = new URL(args.request.url).searchParams.get('erklaerung');
  const parsed = DeclarationIdSchema.safeParse(raw);
  try {
    return await db(async (tx) => {
      if (!parsed.success) return { declaration: null, entries: await loadRoadmap(tx, null) };
      const detail = await getDeclaration(tx, parsed.data, getLocale(args.request, viewer.locale));
      return {
        declaration: { declarationId: detail.declarationId, title: detail.title },
        entries: await loadRoadmap(tx, detail.measureIds),
      };
    });
  } catch (error) {
    return rethrowAsResponse(error);
  }
}

export default function Roadmap({ loaderData }: Route.ComponentProps) {
  const t = useT();
  const { declaration, entries } = loaderData;
  return (
    <div className="page">
      {declaration ? (
        <p>
          <Link to={`/erklaerungen/${declaration.declarationId}`}>{declaration.title}</Link>
        </p>
      ) : null}
      <h1>
        {declaration
          ? t('declarations.roadmap.forDeclaration', { title: declaration.title })
          : t('declarations.roadmap.title')}
      </h1>
      <p className="lead">{t('declarations.roadmap.intro')}</p>
      <section className="panel" aria-labelledby="roadmap-heading">
        <h2 id="roadmap-heading" className="visually-hidden">
          {t('declarations.roadmap.title')}
        </h2>
        <RoadmapList entries={entries} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
