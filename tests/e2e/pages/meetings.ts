import type { Locator, Page } from 'playwright-core';
import { waitForHydration } from '../support/browser';
import { ReviewPanels } from './review';

/** /kleingruppen/:groupId/sitzungen/neu and /sitzungen/:id/bearbeiten: the meeting form. */
export class MeetingFormPage {
  readonly title: Locator;
  readonly startsAt: Locator;
  readonly endsAt: Locator;
  readonly location: Locator;
  readonly submit: Locator;

  constructor(private readonly page: Page) {
    const main = page.getByRole('main');
    this.title = main.getByLabel('Titel', { exact: true });
    this.startsAt = main.getByLabel('Beginn', { exact: true });
    this.endsAt = main.getByLabel('Ende', { exact: true });
    this.location = main.getByLabel('Ort', { exact: true });
    this.submit = main.getByRole('button', { name: 'Sitzung anlegen' });
  }

  async gotoNew(groupId: string): Promise<void> {
    await this.page.goto(`/kleingruppen/${groupId}/sitzungen/neu`);
    await waitForHydration(this.page);
  }

  agendaItem(number: number): Locator {
    return this.page.getByRole('group', { name: `Tagesordnungspunkt ${number}`, exact: true });
  }

  async fillAgendaItem(number: number, topic: string, minutes: number, measure?: string) {
    const item = this.agendaItem(number);
    await item.getByLabel('Thema').fill(topic);
    await item.getByLabel('Dauer (Minuten)').fill(String(minutes));
    if (measure) {
      const select = item.getByLabel('Maßnahmen zu diesem Punkt');
      const value = await select
        .locator('option', { hasText: measure })
        .first()
        .getAttribute('value');
      await select.selectOption(value!);
    }
  }
}

/** /sitzungen/:id: agenda, minutes, decisions, invitees, attachments. */
export class MeetingPage {
  readonly heading: Locator;
  readonly agenda: Locator;
  readonly minutes: Locator;
  /** The co-edited minutes (read-only for those who may not amend them now). */
  readonly minutesEditor: Locator;
  readonly decisions: Locator;
  readonly attachments: Locator;

  constructor(private readonly page: Page) {
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1 });
    this.agenda = main.getByRole('region', { name: 'Tagesordnung' });
    this.minutes = main.getByRole('region', { name: 'Protokoll' });
    this.minutesEditor = this.minutes.getByRole('textbox', { name: 'Protokolltext' });
    this.decisions = main.getByRole('region', { name: 'Beschlüsse' });
    this.attachments = main.getByRole('region', { name: 'Anlagen' });
  }

  static idFrom(url: string): string {
    const match = /\/sitzungen\/([0-9a-f-]{36})/.exec(url);
    if (!match) throw new Error(`not a meeting page: ${url}`);
    return match[1]!;
  }

  async goto(meetingId: string): Promise<void> {
    await this.page.goto(`/sitzungen/${meetingId}`);
    await waitForHydration(this.page);
  }

  /** Types at the end of the live minutes, as a person would. */
  async writeMinutes(text: string): Promise<void> {
    await this.minutesEditor.click();
    await this.page.keyboard.press('Control+End');
    await this.page.keyboard.type(text);
  }

  /** Resolves once the server confirmed that Postgres committed this browser's edits. */
  async minutesSaved(): Promise<void> {
    await this.minutes
      .locator('.collab-status, [data-collab-status]')
      .filter({ hasText: 'Gespeichert' })
      .first()
      .waitFor();
  }

  async moveMinutes(button: string, expectedStatus: string): Promise<void> {
    await this.minutes.getByRole('button', { name: button }).click();
    await this.minutes.getByText(expectedStatus, { exact: true }).waitFor();
  }

  /** A decision on a measure as a whole, from the meeting page. */
  async recordDecision(measure: string, outcome: string, summary: string) {
    const select = this.decisions.getByLabel('Maßnahme', { exact: true });
    const value = await select
      .locator('option', { hasText: measure })
      .first()
      .getAttribute('value');
    await select.selectOption(value!);
    await this.decisions.getByLabel('Ergebnis').selectOption({ label: outcome });
    await this.decisions.getByLabel('Beschluss', { exact: true }).fill(summary);
    await this.decisions.getByRole('button', { name: 'Beschluss speichern' }).click();
    await this.decisions.getByRole('status').waitFor();
  }
}

/**
 * /massnahmen/:id, its "Beschlüsse aus Sitzungen": a decision recorded on a passage selected in
 * the live text, and the passage shown again from the list.
 */
export class MeasureDecisionsPanel {
  /** The measure's live text and its selection helpers, shared with the comments. */
  readonly text: ReviewPanels;
  readonly editor: Locator;
  readonly panel: Locator;

  constructor(private readonly page: Page) {
    this.text = new ReviewPanels(page);
    this.editor = this.text.editor;
    this.panel = page.getByRole('region', { name: 'Beschlüsse aus Sitzungen' });
  }

  /** "Beschluss festhalten" on the selection, by keyboard, then the form. */
  async recordOnSelection(meeting: string, outcome: string, summary: string): Promise<void> {
    // Enabled once the live editor is there to take the selection from; focusing a disabled
    // button does nothing, and the Enter would then replace the selected text in the editor.
    const button = this.panel.locator('button:enabled', { hasText: 'Beschluss festhalten' });
    await button.waitFor();
    await button.focus();
    await this.page.keyboard.press('Enter');
    await this.panel.getByText('Zur Textstelle:').waitFor();
    // Options read "<title> (<day>)".
    const select = this.panel.getByLabel('Sitzung', { exact: true });
    const option = select.locator('option', { hasText: `${meeting} (` }).first();
    await select.selectOption((await option.getAttribute('value'))!);
    await this.panel.getByLabel('Ergebnis').selectOption({ label: outcome });
    await this.panel.getByLabel('Beschluss', { exact: true }).fill(summary);
    await this.panel.getByRole('button', { name: 'Beschluss speichern' }).click();
    await this.panel.getByRole('status').waitFor();
  }

  decision(summary: string): Locator {
    return this.panel.getByRole('listitem').filter({ hasText: summary });
  }
}

/** /erklaerungen/…: compile, view, freeze and export a joint declaration. */
export class DeclarationPages {
  constructor(private readonly page: Page) {}

  async compile(title: string, preamble: string, measures: string[]): Promise<string> {
    await this.page.goto('/erklaerungen/neu');
    await waitForHydration(this.page);
    const main = this.page.getByRole('main');
    await main.getByLabel('Titel', { exact: true }).fill(title);
    await main.getByLabel('Präambel').fill(preamble);
    await main
      .getByLabel('Selbstverpflichtungen')
      .fill('Jede beteiligte Organisation trägt ihre Maßnahmen.');
    for (const measure of measures) await main.getByRole('checkbox', { name: measure }).check();
    await main.getByRole('button', { name: 'Entwurf anlegen' }).click();
    await this.page.waitForURL(/\/erklaerungen\/[0-9a-f-]{36}$/);
    await waitForHydration(this.page);
    return this.page.url().split('/').pop()!;
  }

  async freeze(): Promise<void> {
    this.page.once('dialog', (dialog) => void dialog.accept());
    await this.page.getByRole('main').getByRole('button', { name: 'Einfrieren' }).click();
    await this.page
      .getByRole('status')
      .filter({ hasText: 'Die Erklärung ist eingefroren.' })
      .waitFor();
  }
}
