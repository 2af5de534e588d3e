import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { BoardPage } from './pages/board-page';
import { demoAccount, signIn, signedInPage } from './support/demo';
import { MeasurePage } from './pages/measure-page';
import { NewMeasurePage } from './pages/new-measure-page';
import {
  chromiumPath,
  expectNoAxeViolations,
  focusedElement,
  test,
  type BrowserProblems,
} from './support/browser';

/** Markus Moll (IHK): moderates GROUP. */
const MODERATOR = demoAccount('moderation@demo.masterplan.example');
/** Meike Marx (DGB): member of GROUP. */
const MEMBER = demoAccount('mitglied@demo.masterplan.example');
/** Dirk Dahm (DGB, like MEMBER): member of the Innovation group only, not of GROUP. */
const OTHER_GROUP_MEMBER = demoAccount('dgb-innovation@demo.masterplan.example');
/** The seed's Fachkräfte Kleingruppe (DEMO_GROUPS in app/lib/db/seed.server.ts is not exported). */
const GROUP = 'Kleingruppe Fachkräfte und Ausbildung';
const THEME = 'Fachkräfte';

const SAVED_EVERYWHERE = 'Alle Angemeldeten';
const SIGNATURES_REQUIRED = 'die aktuelle Fassung mitgezeichnet haben';
const LEAD_REQUIRED = 'Ab „Vereinbart“ braucht die Maßnahme genau einen federführenden Akteur.';
const CONFLICT = 'Jemand anderes hat diese Maßnahme inzwischen geändert';
const FORM_ERROR = 'Bitte korrigieren Sie die markierten Angaben.';
const TITLE_ERROR = 'Der Titel muss 3 bis 200 Zeichen lang sein.';
const MAX_TABS = 40;
const MAX_ARROW_KEYS = 10;

let tokenCounter = 0;
/** A word no other test (or earlier run on the same database) uses: makes titles unique and searchable. */
function uniqueToken(): string {
  tokenCounter += 1;
  return `${Date.now().toString(36)}x${tokenCounter}`;
}

function uniqueTitle(words: string): string {
  return `${words} ${uniqueToken()}`;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The browser reports a deliberate refusal (403 page, 400 validation answer, 409 conflict) for this
 * measure on its console; that is expected, any other error is not.
 */
function allowRefusal(problems: BrowserProblems, status: 400 | 403 | 409, measureId: string): void {
  const text = { 400: 'Bad Request', 403: 'Forbidden', 409: 'Conflict' }[status];
  problems.allow(
    new RegExp(
      `status of ${status} \\(${text}\\) \\(\\S+/massnahmen/${escapeRegExp(measureId)}(?:\\.data)?(?:\\?\\S*)?:`,
    ),
  );
}

/** Creates a measure in GROUP through /massnahmen/neu; resolves with its id on its page. */
async function createMeasure(page: Page, title: string, summary: string): Promise<string> {
  const form = new NewMeasurePage(page);
  await form.goto();
  await form.create({ theme: THEME, group: GROUP, title, summary });
  await new MeasurePage(page).heading.filter({ hasText: title }).waitFor();
  return MeasurePage.idFrom(page.url());
}

describe.skipIf(chromiumPath === null)('measures in the browser', () => {
  test('a moderator creates a measure in their group, a member edits it, a member of another group can neither see nor open it, and sees it read-only once shared', async ({
    page,
    openPage,
    problems,
  }) => {
    const title = uniqueTitle('Lernwerkstatt Metall');
    const firstSummary = 'Erste Fassung der Kurzbeschreibung.';
    const memberSummary = 'Überarbeitet von der Kleingruppe.';

    await signIn(page, MODERATOR);
    const newMeasure = new NewMeasurePage(page);
    await newMeasure.goto();
    await newMeasure.create({ theme: THEME, group: GROUP, title, summary: firstSummary });
    const moderatorView = new MeasurePage(page);
    await moderatorView.heading.filter({ hasText: title }).waitFor();
    expect(await moderatorView.codeLine.textContent()).toMatch(
      new RegExp(`^FK-\\d{2,} · ${THEME} · ${GROUP}$`),
    );
    const measureId = MeasurePage.idFrom(page.url());

    const member = await signedInPage(openPage, MEMBER);
    const memberBoard = new BoardPage(member);
    await memberBoard.search(title);
    await memberBoard.resultCountReading('1 Maßnahme gefunden').waitFor();
    await memberBoard.openCard(title);
    const memberView = new MeasurePage(member);
    await memberView.heading.filter({ hasText: title }).waitFor();
    await memberView.saveSummary(memberSummary);
    await memberView.detailsSaved.waitFor();
    await memberView.activity
      .getByRole('listitem')
      .filter({ hasText: `${MEMBER.displayName} hat Eckdaten geändert` })
      .filter({ hasText: `Kurzbeschreibung: ${firstSummary} → ${memberSummary}` })
      .waitFor();

    allowRefusal(problems, 403, measureId);
    const other = await signedInPage(openPage, OTHER_GROUP_MEMBER);
    const otherBoard = new BoardPage(other);
    await otherBoard.search(title);
    await otherBoard.resultCountReading('Keine Maßnahme gefunden').waitFor();
    expect(await otherBoard.card(title).count()).toBe(0);
    const otherView = new MeasurePage(other);
    const refused = await otherView.goto(measureId);
    expect(refused?.status()).toBe(403);
    await otherView.forbiddenHeading.waitFor();
    expect(await other.getByRole('main').innerText()).not.toContain(title);

    await moderatorView.setVisibility(SAVED_EVERYWHERE);

    await otherBoard.goto();
    await otherBoard.search(title);
    await otherBoard.resultCountReading('1 Maßnahme gefunden').waitFor();
    await otherBoard.openCard(title);
    await otherView.heading.filter({ hasText: title }).waitFor();
    await otherView.readOnlyNotice.waitFor();
    await other.getByRole('main').getByText(memberSummary, { exact: true }).waitFor();
    expect(await otherView.saveDetailsButton.count()).toBe(0);
    expect(await otherView.statusButtons.count()).toBe(0);
  });

  test('status buttons follow the role', async ({ page, openPage, problems }) => {
    const title = uniqueTitle('Praxistage Ausbildung');
    await signIn(page, MODERATOR);
    const measureId = await createMeasure(page, title, 'Betriebe zeigen ihre Ausbildung.');
    allowRefusal(problems, 400, measureId);

    const member = await signedInPage(openPage, MEMBER);
    const memberView = new MeasurePage(member);
    await memberView.goto(measureId);
    await memberView.currentStatus('Idee').waitFor();
    expect(await memberView.statusButtons.allTextContents()).toEqual(['Auf „Entwurf“ setzen']);
    await memberView.moveTo('Entwurf');
    expect(await memberView.statusButtons.allTextContents()).toEqual(['Auf „Abstimmung“ setzen']);
    await memberView.moveTo('Abstimmung');
    expect(await memberView.statusButton('Vereinbart').count()).toBe(0);
    await memberView.noTransitionsNotice.waitFor();

    const moderatorView = new MeasurePage(page);
    await moderatorView.goto(measureId);
    await moderatorView.currentStatus('Abstimmung').waitFor();
    await moderatorView.statusButton('Vereinbart').click();
    await moderatorView.status.getByText(LEAD_REQUIRED).waitFor();
    await moderatorView.currentStatus('Abstimmung').waitFor();

    await moderatorView.organizationRole('IHK').selectOption({ label: 'Federführung' });
    await moderatorView.saveOrganizationsButton.click();
    await moderatorView.organizationsSaved.waitFor();
    // With a lead, agreement still waits for the lead's signature of the current text.
    await moderatorView.statusButton('Vereinbart').click();
    await moderatorView.status.getByText(SIGNATURES_REQUIRED).waitFor();
    const signoff = page.getByRole('region', { name: 'Mitzeichnung' });
    await signoff.getByRole('button', { name: 'Für IHK mitzeichnen' }).click();
    await signoff.getByText('Mitgezeichnet').waitFor();
    await moderatorView.moveTo('Vereinbart');
    await moderatorView.activity
      .getByRole('listitem')
      .filter({ hasText: `${MODERATOR.displayName} hat den Status geändert` })
      .filter({ hasText: 'Status: Abstimmung → Vereinbart' })
      .waitFor();
  });

  test('board filters and search work by keyboard', async ({ page }) => {
    const term = uniqueToken();
    const ideaTitle = `Filterprobe Idee ${term}`;
    const draftTitle = `Filterprobe Entwurf ${term}`;
    await signIn(page, MEMBER);
    await createMeasure(page, ideaTitle, 'Bleibt eine Idee.');
    await createMeasure(page, draftTitle, 'Wird ein Entwurf.');
    await new MeasurePage(page).moveTo('Entwurf');

    const board = new BoardPage(page);
    await board.goto();
    const statusSelectId = await board.statusSelect.getAttribute('id');
    const searchId = await board.searchInput.getAttribute('id');
    for (let tabs = 0; (await focusedElement(page))?.id !== searchId; tabs += 1) {
      if (tabs === MAX_TABS)
        throw new Error(`the search box is not reached within ${MAX_TABS} tabs`);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.type(term);

    await page.keyboard.press('Tab');
    const statusSelect = await focusedElement(page);
    expect(statusSelect?.id).toBe(statusSelectId);
    expect(statusSelect?.outlineStyle, 'the focused status select has a visible outline').not.toBe(
      'none',
    );
    for (let presses = 0; (await board.statusSelect.inputValue()) !== 'draft'; presses += 1) {
      if (presses === MAX_ARROW_KEYS)
        throw new Error(`"Entwurf" is not reached within ${MAX_ARROW_KEYS} arrow keys`);
      await page.keyboard.press('ArrowDown');
    }
    for (let tabs = 0; (await focusedElement(page))?.text !== 'Filter anwenden'; tabs += 1) {
      if (tabs === MAX_TABS)
        throw new Error(`"Filter anwenden" is not reached within ${MAX_TABS} tabs`);
      await page.keyboard.press('Tab');
    }
    await page.keyboard.press('Enter');

    await page.waitForURL(
      (url) => url.searchParams.get('q') === term && url.searchParams.get('status') === 'draft',
    );
    await board.resultCountReading('1 Maßnahme gefunden').waitFor();
    await board.card(draftTitle).waitFor();
    expect(await board.card(ideaTitle).count()).toBe(0);
  });

  test('resetting the board filters by keyboard empties the filter fields', async ({ page }) => {
    const term = uniqueToken();
    const title = `Filterprobe Zurücksetzen ${term}`;
    await signIn(page, MEMBER);
    await createMeasure(page, title, 'Für das Zurücksetzen der Filter.');

    const board = new BoardPage(page);
    await board.goto();
    await board.searchInput.fill(term);
    await board.statusSelect.selectOption({ label: 'Entwurf' });
    await board.applyButton.press('Enter');
    await page.waitForURL((url) => url.searchParams.get('status') === 'draft');
    await board.resultCountReading('Keine Maßnahme gefunden').waitFor();

    await board.resetLink.press('Enter');
    await page.waitForURL((url) => url.pathname === BoardPage.PATH && url.search === '');
    await board.card(title).waitFor();
    expect(await board.searchInput.inputValue(), 'the search box after the reset').toBe('');
    expect(await board.statusSelect.inputValue(), 'the status filter after the reset').toBe('');
  });

  test('on a narrow screen the Themenfeld switch shows one column at a time', async ({
    openPage,
  }) => {
    const page = await openPage({ viewport: { width: 600, height: 900 } });
    const board = new BoardPage(page);
    await board.goto();
    await board.themeSwitch.waitFor();
    expect(await board.visibleColumns.count()).toBe(1);
    await board.column('Standortkommunikation').waitFor();
    expect(await board.themeToggle('Standortkommunikation').getAttribute('aria-pressed')).toBe(
      'true',
    );

    await board.themeToggle('Innovationen').click();
    await board.column('Innovationen').waitFor();
    expect(await board.visibleColumns.count()).toBe(1);
    expect(await board.column('Standortkommunikation').count()).toBe(0);
    expect(await board.themeToggle('Innovationen').getAttribute('aria-pressed')).toBe('true');
    expect(await board.themeToggle('Standortkommunikation').getAttribute('aria-pressed')).toBe(
      'false',
    );
  });

  test('the board passes axe signed out and signed in', async ({ page }) => {
    const board = new BoardPage(page);
    await board.goto();
    await board.header.signInLink.waitFor();
    await expectNoAxeViolations(page);

    await signIn(page, MEMBER);
    await board.heading.waitFor();
    await board.newMeasureLink.waitFor();
    await expectNoAxeViolations(page);
  });

  test('the create form and the measure page pass axe for a writer, after a validation error and for a reader', async ({
    page,
    openPage,
    problems,
  }) => {
    const title = uniqueTitle('Barrierefreiheit Probe');
    await signIn(page, MODERATOR);
    const newMeasure = new NewMeasurePage(page);
    await newMeasure.goto();
    await expectNoAxeViolations(page);

    await newMeasure.create({ theme: THEME, group: GROUP, title, summary: 'Für die axe-Prüfung.' });
    const writerView = new MeasurePage(page);
    await writerView.heading.filter({ hasText: title }).waitFor();
    const measureId = MeasurePage.idFrom(page.url());
    await writerView.visibility.waitFor();
    await expectNoAxeViolations(page);

    allowRefusal(problems, 400, measureId);
    await writerView.titleInput.fill('');
    await writerView.saveDetailsButton.click();
    await writerView.detailsAlert.filter({ hasText: FORM_ERROR }).waitFor();
    expect(await writerView.titleInput.getAttribute('aria-invalid')).toBe('true');
    expect(await writerView.fieldError(writerView.titleInput)).toBe(TITLE_ERROR);
    await expectNoAxeViolations(page);

    await writerView.setVisibility(SAVED_EVERYWHERE);
    const reader = await signedInPage(openPage, OTHER_GROUP_MEMBER);
    const readerView = new MeasurePage(reader);
    await readerView.goto(measureId);
    await readerView.readOnlyNotice.waitFor();
    await expectNoAxeViolations(reader);
  });

  test('a saved change by someone else is shown as a conflict, nothing is lost', async ({
    page,
    openPage,
    problems,
  }) => {
    const title = uniqueTitle('Azubi-Netzwerk');
    const newTitle = `${title} (neu)`;
    const firstSummary = 'Ausgangsfassung.';
    const memberSummary = 'Ergänzt um Praktikumsbörse.';
    await signIn(page, MODERATOR);
    const measureId = await createMeasure(page, title, firstSummary);
    allowRefusal(problems, 409, measureId);

    const member = await signedInPage(openPage, MEMBER);
    const memberView = new MeasurePage(member);
    await memberView.goto(measureId);

    const moderatorView = new MeasurePage(page);
    await moderatorView.titleInput.fill(newTitle);
    await moderatorView.saveDetailsButton.click();
    await moderatorView.detailsSaved.waitFor();
    await moderatorView.heading.filter({ hasText: newTitle }).waitFor();

    await memberView.saveSummary(memberSummary);
    await memberView.detailsAlert.filter({ hasText: CONFLICT }).waitFor();
    await memberView.conflictTable.waitFor();
    // Only what the other person changed is listed; the form already holds the merge: their new
    // title (the member never touched it) and the member's summary.
    expect(await memberView.conflictRow('Titel')).toEqual(['Titel', title, newTitle]);
    expect(await memberView.conflictTable.getByRole('row').count()).toBe(2);
    expect(await memberView.summaryInput.inputValue()).toBe(memberSummary);
    expect(await memberView.titleInput.inputValue()).toBe(newTitle);

    // Saving the merge again keeps both changes.
    await memberView.saveDetailsButton.click();
    await memberView.detailsSaved.waitFor();
    expect(await memberView.conflictTable.count()).toBe(0);
    await memberView.heading.filter({ hasText: newTitle }).waitFor();

    await moderatorView.goto(measureId);
    expect(await moderatorView.titleInput.inputValue()).toBe(newTitle);
    expect(await moderatorView.summaryInput.inputValue()).toBe(memberSummary);
  });

  test('the activity timeline shows the same time after hydration for a reader in Europe/Berlin', async ({
    openPage,
  }) => {
    // The server may run in UTC; the platform's users are in Aachen.
    const page = await openPage({ timezoneId: 'Europe/Berlin' });
    await signIn(page, MEMBER);
    const measureId = await createMeasure(
      page,
      uniqueTitle('Zeitzonenprobe'),
      'Uhrzeit im Verlauf.',
    );

    const view = new MeasurePage(page);
    const response = await view.goto(measureId);
    const html = (await response?.text()) ?? '';
    const serverTimes = [...html.matchAll(/<time\b[^>]*>([^<]*)<\/time>/gi)].map(
      (match) => match[1],
    );
    expect(serverTimes.length, 'the server-rendered timeline has an entry').toBeGreaterThan(0);
    expect(
      await view.activity.getByRole('time').allTextContents(),
      'times in the hydrated timeline vs. the server-rendered ones',
    ).toEqual(serverTimes);
  });
});
