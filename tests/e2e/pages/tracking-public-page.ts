import type { Locator, Page } from 'playwright-core';
import { waitForHydration } from '../support/browser';

/** /masterplan: the public Masterplan, no sign-in. */
export class TrackingPublicPage {
  static readonly PATH = '/masterplan';

  readonly heading: Locator;
  readonly measureHeadings: Locator;

  constructor(private readonly page: Page) {
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', {
      level: 1,
      name: 'Masterplan Industrieregion Aachen',
    });
    this.measureHeadings = main.getByRole('article').getByRole('heading', { level: 3 });
  }

  async goto(): Promise<void> {
    await this.page.goto(TrackingPublicPage.PATH);
    await this.heading.waitFor();
    await waitForHydration(this.page);
  }
}
