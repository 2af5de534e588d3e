import type { Locator, Page, Response } from 'playwright-core';
import { waitForHydration } from '../support/browser';
import { Header } from './header';

const MEASURE_PATH = /^\/massnahmen\/([0-9a-f-]{36})$/;

/**
 * /massnahmen/:id: the measure with its sections (Eckdaten, Status, Sichtbarkeit, Akteure,
 * Bestehende Netzwerke, Verlauf). Writers get forms, readers a read-only view.
 */
export class MeasurePage {
  readonly header: Header;
  readonly heading: Locator;
  /** "FK-05 · Fachkräfte · Kleingruppe …" above the title. */
  readonly codeLine: Locator;
  readonly readOnlyNotice: Locator;
  /** The 403 page's heading, shown instead of the measure to someone who may not see it. */
  readonly forbiddenHeading: Locator;

  readonly details: Locator;
  readonly titleInput: Locator;
  readonly summaryInput: Locator;
  readonly saveDetailsButton: Locator;
  readonly detailsSaved: Locator;
  readonly detailsAlert: Locator;
  /** The table of both versions after a conflicting save. */
  readonly conflictTable: Locator;

  readonly status: Locator;
  readonly statusAlert: Locator;
  readonly statusButtons: Locator;
  readonly noTransitionsNotice: Locator;

  readonly visibility: Locator;
  readonly visibilitySelect: Locator;
  readonly saveVisibilityButton: Locator;
  readonly visibilitySaved: Locator;

  readonly organizations: Locator;
  readonly saveOrganizationsButton: Locator;
  readonly organizationsSaved: Locator;

  readonly activity: Locator;

  constructor(private readonly page: Page) {
    this.header = new Header(page);
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1 });
    this.codeLine = main.getByText(/^[A-Z]{2}-\d+ · /);
    this.readOnlyNotice = main.getByText('Sie können diese Maßnahme lesen, aber nicht bearbeiten.');
    this.forbiddenHeading = main.getByRole('heading', { level: 1, name: 'Kein Zugriff' });

    const section = (name: string) => main.getByRole('region', { name, exact: true });
    const saved = (region: Locator) =>
      region.getByRole('status').filter({ hasText: 'Gespeichert.' });

    this.details = section('Eckdaten');
    this.titleInput = this.details.getByLabel('Titel', { exact: true });
    this.summaryInput = this.details.getByLabel('Kurzbeschreibung', { exact: true });
    this.saveDetailsButton = main.getByRole('button', { name: 'Eckdaten speichern' });
    this.detailsSaved = saved(this.details);
    this.detailsAlert = this.details.getByRole('alert');
    this.conflictTable = this.details.getByRole('table', {
      name: 'Ihre Eingabe und die inzwischen gespeicherte Fassung',
    });

    this.status = section('Status');
    this.statusAlert = this.status.getByRole('alert');
    this.statusButtons = this.status.getByRole('button', { name: /^Auf „.+“ setzen$/ });
    this.noTransitionsNotice = this.status.getByText(
      'Sie können den Status dieser Maßnahme nicht ändern.',
    );

    this.visibility = section('Sichtbarkeit');
    this.visibilitySelect = this.visibility.getByLabel('Sichtbarkeit', { exact: true });
    this.saveVisibilityButton = this.visibility.getByRole('button', {
      name: 'Sichtbarkeit speichern',
    });
    this.visibilitySaved = saved(this.visibility);

    this.organizations = section('Akteure');
    this.saveOrganizationsButton = this.organizations.getByRole('button', {
      name: 'Akteure speichern',
    });
    this.organizationsSaved = saved(this.organizations);

    this.activity = section('Verlauf');
  }

  static path(measureId: string): string {
    return `/massnahmen/${measureId}`;
  }

  /** The measure's id, read from the address of the page showing it. */
  static idFrom(url: string): string {
    const id = MEASURE_PATH.exec(new URL(url).pathname)?.[1];
    if (!id) throw new Error(`not a measure page: ${url}`);
    return id;
  }

  /** Loads the measure page; resolves with the document response (403 for someone without access). */
  async goto(measureId: string): Promise<Response | null> {
    const response = await this.page.goto(MeasurePage.path(measureId));
    await this.heading.waitFor();
    await waitForHydration(this.page);
    return response;
  }

  /** "Auf „Entwurf“ setzen" for the status label "Entwurf". */
  statusButton(statusLabel: string): Locator {
    return this.status.getByRole('button', { name: `Auf „${statusLabel}“ setzen`, exact: true });
  }

  /** "Aktueller Status: Entwurf". */
  currentStatus(statusLabel: string): Locator {
    return this.status.getByText(`Aktueller Status: ${statusLabel}`, { exact: true });
  }

  /** The role select of one actor in the Akteure section ("Rolle von IHK"). */
  organizationRole(shortName: string): Locator {
    return this.organizations.getByRole('combobox', {
      name: `Rolle von ${shortName}`,
      exact: true,
    });
  }

  /** The error shown under a field in the Eckdaten form, linked to it with aria-describedby. */
  async fieldError(field: Locator): Promise<string | null> {
    const describedBy = await field.getAttribute('aria-describedby');
    const errorId = describedBy?.split(' ').find((id) => id.endsWith('-error'));
    if (!errorId) return null;
    return this.page.locator(`[id="${errorId}"]`).textContent();
  }

  /** A row of the conflict table, by the field's label ("Titel"): [field, yours, theirs]. */
  async conflictRow(fieldLabel: string): Promise<string[]> {
    const row = this.conflictTable
      .getByRole('row')
      .filter({ has: this.page.getByRole('rowheader', { name: fieldLabel, exact: true }) });
    return row.getByRole('cell').or(row.getByRole('rowheader')).allTextContents();
  }

  /** Fills the Eckdaten form's summary and presses "Eckdaten speichern" (the outcome: `detailsSaved`, `detailsAlert`). */
  async saveSummary(summary: string): Promise<void> {
    await this.summaryInput.fill(summary);
    await this.saveDetailsButton.click();
  }

  /** Chooses a visibility ("Alle Angemeldeten") and saves it; resolves once it is saved. */
  async setVisibility(label: string): Promise<void> {
    await this.visibilitySelect.selectOption({ label });
    await this.saveVisibilityButton.click();
    await this.visibilitySaved.waitFor();
  }

  /** Moves the measure to the next status with its button; resolves once the page shows it. */
  async moveTo(statusLabel: string): Promise<void> {
    await this.statusButton(statusLabel).click();
    await this.currentStatus(statusLabel).waitFor();
  }
}
