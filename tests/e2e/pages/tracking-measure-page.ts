import type { Locator, Page } from 'playwright-core';
import { waitForHydration } from '../support/browser';

/** /massnahmen/:id/umsetzung: milestones, indicators, classification and check-ins of a measure. */
export class TrackingMeasurePage {
  readonly heading: Locator;
  readonly progress: Locator;
  readonly milestones: Locator;
  readonly milestoneTitle: Locator;
  readonly milestoneDue: Locator;
  readonly addMilestoneButton: Locator;
  readonly indicators: Locator;
  readonly classification: Locator;

  constructor(private readonly page: Page) {
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1 });
    this.progress = main.getByRole('progressbar', { name: 'Fortschritt', exact: true });
    this.milestones = main.getByRole('region', { name: 'Meilensteine' });
    this.milestoneTitle = this.milestones.getByLabel('Meilenstein', { exact: true });
    this.milestoneDue = this.milestones.getByLabel('Fällig am', { exact: true });
    this.addMilestoneButton = this.milestones.getByRole('button', {
      name: 'Meilenstein hinzufügen',
    });
    this.indicators = main.getByRole('region', { name: 'Indikatoren' });
    this.classification = main.getByRole('region', { name: 'Einordnung' });
  }

  static path(measureId: string): string {
    return `/massnahmen/${measureId}/umsetzung`;
  }

  async goto(measureId: string): Promise<void> {
    await this.page.goto(TrackingMeasurePage.path(measureId));
    await this.heading.waitFor();
    await waitForHydration(this.page);
  }

  milestoneRow(title: string): Locator {
    return this.milestones.getByRole('row', { name: new RegExp(title) });
  }

  async addIndicator(fields: { name: string; unit: string; baseline: string; target: string }) {
    await this.indicators.getByLabel('Indikator', { exact: true }).fill(fields.name);
    await this.indicators.getByLabel('Einheit', { exact: true }).fill(fields.unit);
    await this.indicators.getByLabel('Ausgangswert', { exact: true }).fill(fields.baseline);
    await this.indicators.getByLabel('Zielwert', { exact: true }).fill(fields.target);
    await this.indicators.getByRole('button', { name: 'Indikator hinzufügen' }).click();
  }

  indicator(name: string): Locator {
    return this.indicators.getByRole('article', { name });
  }

  async recordValue(indicatorName: string, value: string): Promise<void> {
    const indicator = this.indicator(indicatorName);
    await indicator.getByLabel('Wert', { exact: true }).fill(value);
    await indicator.getByRole('button', { name: `Messwert erfassen: „${indicatorName}“` }).click();
  }

  async score(scores: Record<string, string>): Promise<void> {
    for (const [label, value] of Object.entries(scores))
      await this.classification.getByLabel(label, { exact: true }).selectOption(value);
    await this.classification.getByRole('button', { name: 'Bewertung speichern' }).click();
  }

  async decide(kind: string, reason: string): Promise<void> {
    await this.classification.getByLabel('Art der Maßnahme').selectOption({ label: kind });
    await this.classification.getByLabel('Begründung', { exact: true }).fill(reason);
    await this.classification.getByRole('button', { name: 'Entscheidung festhalten' }).click();
  }
}
