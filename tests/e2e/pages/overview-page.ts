import type { Locator, Page } from 'playwright-core';
import { Header } from './header';

/** /: the board, one column per Themenfeld (see BoardPage for filters and measure cards). */
export class OverviewPage {
  static readonly PATH = '/';

  readonly header: Header;
  readonly heading: Locator;
  /** The column headings, one per Themenfeld ("SK Standortkommunikation" …). */
  readonly themeHeadings: Locator;

  constructor(private readonly page: Page) {
    this.header = new Header(page);
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1, name: 'Übersicht' });
    this.themeHeadings = main.getByRole('region').getByRole('heading', { level: 2 });
  }

  async goto(): Promise<void> {
    await this.page.goto(OverviewPage.PATH);
    await this.heading.waitFor();
  }

  themeHeading(name: string): Locator {
    return this.page.getByRole('main').getByRole('heading', { level: 2, name });
  }
}
