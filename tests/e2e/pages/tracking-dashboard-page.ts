import type { Download, Locator, Page } from 'playwright-core';
import { waitForHydration } from '../support/browser';

/** /umsetzung: the administration's dashboard with filters, charts, tables and export links. */
export class TrackingDashboardPage {
  static readonly PATH = '/umsetzung';

  readonly heading: Locator;
  readonly themeSelect: Locator;
  readonly kindSelect: Locator;
  readonly applyButton: Locator;
  readonly resultCount: Locator;
  readonly statusChart: Locator;
  readonly progressChart: Locator;
  readonly byThemeTable: Locator;

  constructor(private readonly page: Page) {
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1, name: 'Umsetzungsstand' });
    const filters = main.getByRole('search', { name: 'Filter' });
    this.themeSelect = filters.getByLabel('Themenfeld');
    this.kindSelect = filters.getByLabel('Art');
    this.applyButton = filters.getByRole('button', { name: 'Filter anwenden' });
    this.resultCount = main.getByRole('status').filter({ hasText: /Maßnahme/ });
    this.statusChart = main.getByRole('img', { name: 'Maßnahmen nach Status je Themenfeld' });
    this.progressChart = main.getByRole('img', { name: 'Mittlerer Fortschritt je Themenfeld' });
    this.byThemeTable = main
      .getByRole('region', { name: 'Nach Themenfeld' })
      .getByRole('table', { name: 'Nach Themenfeld' });
  }

  async goto(): Promise<void> {
    await this.page.goto(TrackingDashboardPage.PATH);
    await this.heading.waitFor();
    await waitForHydration(this.page);
  }

  /** The row of a Themenfeld in the table under the charts, as its cells' texts. */
  async themeRow(name: string): Promise<string[]> {
    return this.byThemeTable
      .getByRole('row', { name: new RegExp(`^${name}\\b`) })
      .getByRole('cell')
      .allInnerTexts();
  }

  async filterByTheme(theme: string): Promise<void> {
    await this.themeSelect.selectOption({ label: theme });
    await this.applyButton.click();
    await this.page.waitForURL(/theme=/);
  }

  /** Clicks an export link and resolves with the finished download. */
  async download(linkName: string): Promise<Download> {
    const [download] = await Promise.all([
      this.page.waitForEvent('download'),
      this.page.getByRole('link', { name: linkName, exact: true }).click(),
    ]);
    return download;
  }
}
