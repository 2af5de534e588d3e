import type { Route } from './+types/declaration-docx';
import { requireUser } from '~/lib/auth/viewer.server';
import {
  getDeclaration,
  loadRoadmap,
  parseDeclarationId,
} from '~/lib/declarations/declarations.server';
import { AppError } from '~/lib/errors';
import { rethrowAsResponse } from '~/lib/http.server';
import { translator } from '~/lib/i18n/i18n';
import { getLocale } from '~/lib/i18n/locale.server';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

/** /erklaerungen/:declarationId/erklaerung.docx — the frozen declaration as Word file (409 while draft). */
export async function loader(args: Route.LoaderArgs) {
  const { viewer, db } = await requireUser(args);
  const locale = getLocale(args.request, viewer.locale);
  try {
    const declarationId = parseDeclarationId(args.params.declarationId);
    const { declaration, roadmap } = await db(async (tx) => {
      const detail = await getDeclaration(tx, declarationId, locale);
      return { declaration: detail, roadmap: await loadRoadmap(tx, detail.measureIds) };
    });
    if (declaration.status !== 'frozen')
      throw new AppError({
        status: 409,
        code: 'declaration_not_frozen',
        message: 'declarations.export.notFrozen',
      });
    // Loaded on the first export, not at start: docx is ~11 MB of a server's memory.
    const { declarationDocx } = await import('~/lib/declarations/declaration-docx.server');
    const buffer = await declarationDocx(declaration, roadmap, translator(locale), locale);
    return new Response(new Uint8Array(buffer), {
      headers: {
        'content-type': DOCX,
        'content-disposition': `attachment; filename="gemeinsame-erklaerung-${declarationId.slice(0, 8)}.docx"`,
        'x-content-type-options': 'nosniff',
        'cache-control': 'private, no-store',
      },
    });
  } catch (error) {
    return rethrowAsResponse(error);
  }
}
