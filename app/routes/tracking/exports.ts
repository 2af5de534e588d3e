import type { Route } from './+types/exports';
import { requireUser } from '~/lib/auth/viewer.server';
import { loadMasterplan, loadStatusReport } from '~/lib/exports/masterplan.server';
import {
  loadMeasureList,
  measureListCsv,
  measureListXlsx,
} from '~/lib/exports/measure-list.server';
import { rethrowAsResponse } from '~/lib/http.server';
import { translator } from '~/lib/i18n/i18n';
import { getLocale } from '~/lib/i18n/locale.server';
import { berlinDate } from '~/lib/tracking/dates';
import { filterFromUrl } from '~/lib/measures/measures.schema';
import { DashboardFilterSchema } from '~/lib/tracking/tracking.schema';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The DOCX writer is loaded on the first export, not at start (docx is ~11 MB of memory). */
const loadDocx = () => import('~/lib/exports/docx.server');

function download(
  body: Buffer | ReadableStream<Uint8Array>,
  type: string,
  filename: string,
): Response {
  const payload: BodyInit = Buffer.isBuffer(body) ? new Uint8Array(body) : body;
  return new Response(payload, {
    headers: {
      'content-type': type,
      'content-disposition': `attachment; filename="${filename}"`,
      'cache-control': 'private, no-store',
    },
  });
}

/** /berichte/:file — the exports, each built as the signed-in user (RLS decides what is in them). */
export async function loader(args: Route.LoaderArgs) {
  const signedIn = await requireUser(args);
  const locale = getLocale(args.request, signedIn.viewer.locale);
  const t = translator(locale);
  const today = berlinDate(new Date());
  const filter = filterFromUrl(DashboardFilterSchema, args.request.url);
  try {
    switch (args.params.file) {
      case 'masterplan.docx': {
        const themes = await signedIn.db((tx) => loadMasterplan(tx, locale));
        return download(
          await (await loadDocx()).masterplanDocx(themes, t, locale, today),
          DOCX,
          `masterplan-${today}.docx`,
        );
      }
      case 'sachstandsbericht.docx': {
        const report = await signedIn.db((tx) => loadStatusReport(tx, locale, today));
        return download(
          await (await loadDocx()).statusReportDocx(report, t, locale, today),
          DOCX,
          `sachstandsbericht-${today}.docx`,
        );
      }
      case 'massnahmen.csv': {
        const rows = await signedIn.db((tx) => loadMeasureList(tx, filter, locale, t));
        return download(
          measureListCsv(rows, t),
          'text/csv; charset=utf-8',
          `massnahmen-${today}.csv`,
        );
      }
      case 'massnahmen.xlsx': {
        const rows = await signedIn.db((tx) => loadMeasureList(tx, filter, locale, t));
        return download(await measureListXlsx(rows, t), XLSX, `massnahmen-${today}.xlsx`);
      }
      default:
        throw new Response('Not found', { status: 404 });
    }
  } catch (error) {
    return rethrowAsResponse(error);
  }
}
