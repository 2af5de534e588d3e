import type { Locator, Page } from 'playwright-core';
import { waitForHydration } from '../support/browser';
import { Header } from './header';

export interface NewMeasure {
  /** The Themenfeld's name ("Fachkräfte"). */
  theme: string;
  /** The Kleingruppe's name. */
  group: string;
  title: string;
  summary?: string;
}

/** /massnahmen/neu: the form that creates a measure in one of the user's Kleingruppen. */
export class NewMeasurePage {
  static readonly PATH = '/massnahmen/neu';

  readonly header: Header;
  readonly heading: Locator;
  readonly themeSelect: Locator;
  readonly groupSelect: Locator;
  readonly titleInput: Locator;
  readonly summaryInput: Locator;
  readonly kindSelect: Locator;
  readonly submitButton: Locator;
  readonly errorAlert: Locator;

  constructor(private readonly page: Page) {
    this.header = new Header(page);
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1, name: 'Neue Maßnahme' });
    this.themeSelect = main.getByLabel('Themenfeld', { exact: true });
    this.groupSelect = main.getByLabel('Kleingruppe', { exact: true });
    this.titleInput = main.getByLabel('Titel', { exact: true });
    this.summaryInput = main.getByLabel('Kurzbeschreibung', { exact: true });
    this.kindSelect = main.getByLabel('Art', { exact: true });
    this.submitButton = main.getByRole('button', { name: 'Maßnahme anlegen' });
    this.errorAlert = main.getByRole('alert');
  }

  async goto(): Promise<void> {
    await this.page.goto(NewMeasurePage.PATH);
    await this.heading.waitFor();
    await waitForHydration(this.page);
  }

  async fill(measure: NewMeasure): Promise<void> {
    await this.themeSelect.selectOption({ label: measure.theme });
    await this.groupSelect.selectOption({ label: measure.group });
    await this.titleInput.fill(measure.title);
    if (measure.summary !== undefined) await this.summaryInput.fill(measure.summary);
  }

  /** Fills and submits the form; resolves on the new measure's page. */
  async create(measure: NewMeasure): Promise<void> {
    await this.fill(measure);
    await this.submitButton.click();
    await this.page.waitForURL(/\/massnahmen\/[0-9a-f-]{36}$/);
  }
}
