import type { Tx } from '../db/with-user.server';
import type { Locale, Translate } from '../i18n/i18n';
import { listThemes } from '../themes/themes.server';
import { listDashboardMeasures, loadMeasureFacts } from '../tracking/dashboard.server';
import { loadIndicators } from '../tracking/milestones-indicators.server';
import { measureProgress } from '../tracking/progress';
import type { DashboardFilter } from '../tracking/tracking.schema';

export interface MeasureListRow {
  code: string;
  title: string;
  theme: string;
  kind: string;
  status: string;
  group: string;
  lead: string;
  dueDate: string;
  progress: number;
}

/** The board's filtered list (same filter plus a Themenfeld, same RLS) as export rows in the reader's language. */
export async function loadMeasureList(
  tx: Tx,
  filter: DashboardFilter,
  locale: Locale,
  t: Translate,
): Promise<MeasureListRow[]> {
  const themeList = await listThemes(tx, locale);
  const cards = await listDashboardMeasures(tx, filter, themeList);
  const themes = new Map(themeList.map((theme) => [theme.themeId, theme.name]));
  const ids = cards.map((card) => card.measureId);
  const facts = await loadMeasureFacts(tx, ids);
  const indicators = await loadIndicators(tx, ids);
  return cards.map((card) => ({
    code: card.code,
    title: card.title,
    theme: themes.get(card.themeId) ?? '',
    kind: t(`measure.kind.${card.kind}`),
    status: t(`measure.status.${card.status}`),
    group: card.groupName ?? '',
    lead: card.leadShortName ?? '',
    dueDate: facts.get(card.measureId)?.dueDate ?? '',
    progress: measureProgress(
      facts.get(card.measureId)?.progress ?? 0,
      indicators.get(card.measureId) ?? [],
    ).value,
  }));
}

const COLUMNS = [
  ['code', 'measure.code'],
  ['title', 'measure.title'],
  ['theme', 'measure.theme'],
  ['kind', 'measure.kind'],
  ['status', 'measure.status'],
  ['group', 'measure.group'],
  ['lead', 'measure.role.lead'],
  ['dueDate', 'measure.dueDate'],
  ['progress', 'tracking.progress'],
] as const;

/** A spreadsheet cell may not start a formula: text beginning with = + - @ gets a leading quote. */
function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : safeText(value);
  return /[";\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * CSV as German spreadsheets expect it (semicolons, UTF-8 with BOM), streamed row by row.
 */
export function measureListCsv(
  rows: readonly MeasureListRow[],
  t: Translate,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let index = -1;
  return new ReadableStream({
    pull(controller) {
      if (index === -1) {
        controller.enqueue(
          encoder.encode(`\uFEFF${COLUMNS.map(([, label]) => csvField(t(label))).join(';')}\r\n`),
        );
        index = 0;
        return;
      }
      const chunk: string[] = [];
      for (const end = Math.min(rows.length, index + 200); index < end; index += 1) {
        const row = rows[index]!;
        chunk.push(`${COLUMNS.map(([key]) => csvField(row[key])).join(';')}\r\n`);
      }
      if (chunk.length > 0) controller.enqueue(encoder.encode(chunk.join('')));
      if (index >= rows.length) controller.close();
    },
  });
}

/** XLSX with a bold, frozen header row, an autofilter and the progress as a number. */
export async function measureListXlsx(
  rows: readonly MeasureListRow[],
  t: Translate,
): Promise<Buffer> {
  // Loaded on the first export, not at start: exceljs alone is ~28 MB of a server's memory.
  const { default: ExcelJS } = await import('exceljs');
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Masterplan-Werkstatt';
  const sheet = workbook.addWorksheet(t('tracking.export.sheetName'), {
    views: [{ state: 'frozen', ySplit: 1 }],
  });
  sheet.columns = COLUMNS.map(([key, label]) => ({
    header: t(label),
    key,
    width: key === 'title' ? 60 : key === 'group' ? 36 : 16,
  }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) {
    sheet.addRow({
      ...row,
      code: safeText(row.code),
      title: safeText(row.title),
      group: safeText(row.group),
      lead: safeText(row.lead),
    });
  }
  sheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: COLUMNS.length } };
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
