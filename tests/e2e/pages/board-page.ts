import type { Locator, Page } from 'playwright-core';
import { waitForHydration } from '../support/browser';
import { Header } from './header';

/** /: the board, one column of measure cards per Themenfeld, with filters, search and result count. */
export class BoardPage {
  static readonly PATH = '/';

  readonly header: Header;
  readonly heading: Locator;
  readonly newMeasureLink: Locator;
  readonly filters: Locator;
  readonly searchInput: Locator;
  readonly statusSelect: Locator;
  readonly kindSelect: Locator;
  readonly applyButton: Locator;
  readonly resetLink: Locator;
  /** "Keine Maßnahme gefunden", "1 Maßnahme gefunden", "12 Maßnahmen gefunden". */
  readonly resultCount: Locator;
  /** The Themenfeld toggle buttons, shown on narrow screens only. */
  readonly themeSwitch: Locator;
  /** The Themenfeld columns shown right now (on a narrow screen: only the chosen one). */
  readonly visibleColumns: Locator;

  constructor(private readonly page: Page) {
    this.header = new Header(page);
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1, name: 'Übersicht' });
    this.newMeasureLink = main.getByRole('link', { name: 'Neue Maßnahme' });
    this.filters = main.getByRole('search', { name: 'Filter' });
    this.searchInput = this.filters.getByLabel('Suche in Titel und Kurzbeschreibung');
    this.statusSelect = this.filters.getByLabel('Status', { exact: true });
    this.kindSelect = this.filters.getByLabel('Art', { exact: true });
    this.applyButton = this.filters.getByRole('button', { name: 'Filter anwenden' });
    this.resetLink = this.filters.getByRole('link', { name: 'Filter zurücksetzen' });
    this.resultCount = main.getByRole('status');
    this.themeSwitch = main.getByRole('group', { name: 'Themenfeld wählen' });
    this.visibleColumns = main.getByRole('region');
  }

  async goto(): Promise<void> {
    await this.page.goto(BoardPage.PATH);
    await this.heading.waitFor();
    await waitForHydration(this.page);
  }

  /** The column of one Themenfeld, named by its heading ("FK Fachkräfte"). */
  column(themeName: string): Locator {
    return this.page.getByRole('main').getByRole('region', { name: themeName });
  }

  /** A measure card, named by its code and title ("FK-05 Lernwerkstatt …"). */
  card(title: string): Locator {
    return this.page.getByRole('main').getByRole('article', { name: title });
  }

  cardLink(title: string): Locator {
    return this.card(title).getByRole('link', { name: title });
  }

  /** The result count when it reads exactly `text` ("1 Maßnahme gefunden"). */
  resultCountReading(text: string): Locator {
    return this.resultCount.filter({ hasText: new RegExp(`^\\s*${text}\\s*$`) });
  }

  themeToggle(themeName: string): Locator {
    return this.themeSwitch.getByRole('button', { name: themeName, exact: true });
  }

  /** Types `term` into the search box and submits it with Enter; resolves once the board shows the result. */
  async search(term: string): Promise<void> {
    await this.searchInput.fill(term);
    await this.searchInput.press('Enter');
    await this.page.waitForURL((url) => url.searchParams.get('q') === term);
  }

  /** Opens a card's measure page from the board. */
  async openCard(title: string): Promise<void> {
    await this.cardLink(title).click();
    await this.page.waitForURL(/\/massnahmen\/[0-9a-f-]{36}$/);
  }
}
