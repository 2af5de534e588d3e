import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect } from 'vitest';
import { BoardPage } from './pages/board-page';
import { MeasurePage } from './pages/measure-page';
import { TrackingDashboardPage } from './pages/tracking-dashboard-page';
import { TrackingMeasurePage } from './pages/tracking-measure-page';
import { TrackingPublicPage } from './pages/tracking-public-page';
import { chromiumPath, expectNoAxeViolations, test } from './support/browser';
import { demoAccount, signIn } from './support/demo';

const ADMIN = demoAccount('verwaltung@demo.masterplan.example');
/** Markus Moll (IHK): moderates the Fachkräfte Kleingruppe. */
const MODERATOR = demoAccount('moderation@demo.masterplan.example');
/** The seed's public Quick Win in Fachkräfte (agreed). */
const QUICK_WIN = 'Ausbildungsbotschafter in Schulen (Beispiel)';
/** Shared with signed-in users only: never on the public page. */
const PLATFORM_ONLY = 'Regionale Weiterbildungsallianz (Beispiel)';

let counter = 0;
const unique = (words: string) => `${words} ${Date.now().toString(36)}${(counter += 1)}`;

describe.skipIf(chromiumPath === null)('tracking and reporting in the browser', () => {
  test('an admin opens the dashboard, filters to Fachkräfte and downloads the Masterplan DOCX and the XLSX', async ({
    page,
  }) => {
    await signIn(page, ADMIN);
    const dashboard = new TrackingDashboardPage(page);
    await dashboard.goto();
    await dashboard.statusChart.waitFor();
    await dashboard.progressChart.waitFor();
    await expectNoAxeViolations(page);

    await dashboard.filterByTheme('Fachkräfte');
    // Poll: the address changes before the filtered numbers have rendered.
    await expect.poll(async () => (await dashboard.themeRow('Standortkommunikation'))[0]).toBe('0');
    const total = Number(/(\d+)/.exec(await dashboard.resultCount.innerText())?.[1]);
    expect(total).toBeGreaterThanOrEqual(4);
    expect((await dashboard.themeRow('Fachkräfte'))[0]).toBe(String(total));
    await expectNoAxeViolations(page);

    const docx = await dashboard.download('Masterplan (Word)');
    expect(docx.suggestedFilename()).toMatch(/^masterplan-\d{4}-\d{2}-\d{2}\.docx$/);
    const docxBytes = readFileSync((await docx.path())!);
    expect(docxBytes.subarray(0, 2).toString()).toBe('PK');

    const xlsx = await dashboard.download('Maßnahmenliste (Excel)');
    expect(xlsx.suggestedFilename()).toMatch(/^massnahmen-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const workbook = new ExcelJS.Workbook();
    const bytes = readFileSync((await xlsx.path())!);
    await workbook.xlsx.load(
      bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
    );
    const sheet = workbook.worksheets[0]!;
    expect(sheet.rowCount).toBe(total + 1);
    const themeColumn = sheet.getColumn(3).values.slice(2);
    expect(new Set(themeColumn)).toEqual(new Set(['Fachkräfte']));
  });

  test('a moderator records a milestone by keyboard, an indicator with a value and a classification decision', async ({
    page,
  }) => {
    await signIn(page, MODERATOR);
    const board = new BoardPage(page);
    await board.search('Ausbildungsbotschafter');
    await board.openCard(QUICK_WIN);
    await new MeasurePage(page).heading.filter({ hasText: QUICK_WIN }).waitFor();
    const measureId = MeasurePage.idFrom(page.url());

    const tracking = new TrackingMeasurePage(page);
    await tracking.goto(measureId);
    await expectNoAxeViolations(page);

    const milestone = unique('Erste Schulen gewonnen');
    await tracking.milestoneDue.fill('2020-01-31');
    await tracking.milestoneTitle.focus();
    await page.keyboard.type(milestone);
    await page.keyboard.press('Enter');
    const row = tracking.milestoneRow(milestone);
    await row.filter({ hasText: 'Überfällig' }).waitFor();
    await row.getByRole('button', { name: `„${milestone}“ als erledigt markieren` }).click();
    await row.filter({ hasText: 'Erledigt' }).waitFor();

    const indicator = unique('Teilnehmende Schulen');
    await tracking.addIndicator({ name: indicator, unit: 'Schulen', baseline: '0', target: '40' });
    await tracking.indicator(indicator).waitFor();
    await tracking.recordValue(indicator, '10');
    await tracking
      .indicator(indicator)
      .getByRole('progressbar')
      .and(page.locator('[aria-valuenow="25"]'))
      .waitFor();
    await page.getByText('aus den Indikatoren berechnet').waitFor();

    await tracking.score({
      Wirkung: '3',
      Aufwand: '2',
      'Zeit bis zum sichtbaren Ergebnis': '1',
      Abhängigkeiten: '2',
      Finanzierungsreife: '4',
    });
    await tracking.classification.getByText('Vorschlag: Quick Win').waitFor();
    await tracking.decide('Quick Win', 'Sichtbar innerhalb eines Schuljahres, finanziert.');
    await tracking.classification
      .getByText(`Quick Win – entschieden von ${MODERATOR.displayName}`)
      .first()
      .waitFor();
    await expectNoAxeViolations(page);
  });

  test('a signed-out visitor opens the public Masterplan and sees published measures only', async ({
    page,
  }) => {
    const publicPage = new TrackingPublicPage(page);
    await publicPage.goto();
    const titles = await publicPage.measureHeadings.allInnerTexts();
    expect(titles.some((title) => title.endsWith(QUICK_WIN))).toBe(true);
    expect(titles.some((title) => title.endsWith(PLATFORM_ONLY))).toBe(false);
    await expect(page.getByRole('main').innerText()).resolves.not.toContain(PLATFORM_ONLY);
    await expectNoAxeViolations(page);
  });

  test('the print view and the task list pass the accessibility checks', async ({ page }) => {
    await signIn(page, ADMIN);
    await page.goto('/berichte/masterplan');
    await page
      .getByRole('heading', { level: 1, name: 'Masterplan Industrieregion Aachen' })
      .waitFor();
    await expectNoAxeViolations(page);
    await page.goto('/aufgaben');
    await page.getByRole('heading', { level: 1, name: 'Meine Aufgaben' }).waitFor();
    await expectNoAxeViolations(page);
  });
});
