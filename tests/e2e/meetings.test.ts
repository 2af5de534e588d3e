import { readFileSync } from 'node:fs';
import { describe, expect } from 'vitest';
import {
  DeclarationPages,
  MeasureDecisionsPanel,
  MeetingFormPage,
  MeetingPage,
} from './pages/meetings';
import { chromiumPath, expectNoAxeViolations, test, waitForHydration } from './support/browser';
import { demoAccount, signedInPage, signIn } from './support/demo';

const ADMIN = demoAccount('verwaltung@demo.masterplan.example');
/** Markus Moll (IHK): moderates the Fachkräfte Kleingruppe. */
const MODERATOR = demoAccount('moderation@demo.masterplan.example');
/** A member of the Fachkräfte Kleingruppe: writes the minutes with the moderator. */
const MEMBER = demoAccount('mitglied@demo.masterplan.example');
const GROUP = 'Kleingruppe Fachkräfte und Ausbildung';
const MEASURE = 'Ausbildungsbotschafter in Schulen (Beispiel)';

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
let counter = 0;
const unique = (words: string) => `${words} ${Date.now().toString(36)}${(counter += 1)}`;

describe.skipIf(chromiumPath === null)('meetings and the joint declaration in the browser', () => {
  test('a moderator schedules a meeting with two agenda items, co-edits the minutes with a member, records a decision and closes the minutes', async ({
    page,
    openPage,
  }) => {
    await signIn(page, MODERATOR);
    await page.goto('/kleingruppen');
    await page.getByRole('main').getByRole('link', { name: GROUP }).click();
    await page.waitForURL(/\/kleingruppen\/[0-9a-f-]{36}$/);
    const groupId = page.url().split('/').pop()!;

    const form = new MeetingFormPage(page);
    await form.gotoNew(groupId);
    await expectNoAxeViolations(page);
    const title = unique('Sitzung Ausbildung');
    // By keyboard: type the title and move on with Tab.
    await form.title.focus();
    await page.keyboard.type(title);
    await form.startsAt.fill('2027-03-04T14:00');
    await form.endsAt.fill('2027-03-04T16:00');
    await form.location.fill('IHK Aachen');
    await form.fillAgendaItem(1, 'Begrüßung und Protokoll', 10);
    await form.fillAgendaItem(2, 'Ausbildungsbotschafter', 45, MEASURE);
    await form.submit.click();
    await page.waitForURL(/\/sitzungen\/[0-9a-f-]{36}$/);
    await waitForHydration(page);

    const meeting = new MeetingPage(page);
    await meeting.heading.filter({ hasText: title }).waitFor();
    expect(await meeting.agenda.getByRole('listitem').first().innerText()).toContain(
      'Begrüßung und Protokoll',
    );
    await meeting.agenda.getByRole('link', { name: new RegExp(escapeRegExp(MEASURE)) }).waitFor();
    await expectNoAxeViolations(page);

    const meetingId = MeetingPage.idFrom(page.url());
    // The other pages of a meeting pass axe too: edit form, upload form (with an upload), group list.
    await page.goto(`/sitzungen/${meetingId}/bearbeiten`);
    await waitForHydration(page);
    await page.getByRole('heading', { level: 1, name: 'Sitzung bearbeiten' }).waitFor();
    await expectNoAxeViolations(page);
    await page.goto(`/sitzungen/${meetingId}/anlagen`);
    await waitForHydration(page);
    await expectNoAxeViolations(page);
    await page.getByLabel('Datei').setInputFiles({
      name: 'Einladung.pdf',
      mimeType: 'application/pdf',
      buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await page.getByRole('button', { name: 'Hochladen' }).click();
    await page.waitForURL(/\/sitzungen\/[0-9a-f-]{36}$/);
    await waitForHydration(page);
    await meeting.attachments.getByRole('link', { name: 'Einladung.pdf' }).waitFor();
    await page.goto(`/kleingruppen/${groupId}/sitzungen`);
    await waitForHydration(page);
    await page.getByRole('link', { name: title }).waitFor();
    await expectNoAxeViolations(page);
    await meeting.goto(meetingId);

    // The minutes start from the agenda; moderator and member write them together.
    await meeting.minutesEditor
      .getByRole('heading', { name: 'TOP 2: Ausbildungsbotschafter' })
      .waitFor();
    const member = await signedInPage(openPage, MEMBER);
    const memberMeeting = new MeetingPage(member);
    await memberMeeting.goto(meetingId);
    await memberMeeting.minutesEditor
      .getByRole('heading', { name: 'TOP 1: Begrüßung und Protokoll' })
      .waitFor();
    const token = Date.now().toString(36);
    await meeting.writeMinutes(` Die Botschafter starten im Herbst (${token}).`);
    await memberMeeting.minutesEditor
      .getByText(`im Herbst (${token}).`, { exact: false })
      .waitFor();
    await memberMeeting.writeMinutes(` Ergänzung der Kleingruppe ${token}.`);
    await meeting.minutesEditor
      .getByText(`Ergänzung der Kleingruppe ${token}`, { exact: false })
      .waitFor();
    await memberMeeting.minutesSaved();
    await meeting.minutesSaved();
    await expectNoAxeViolations(member);

    // A decision on a passage of the measure's text: selected in the live editor, recorded on the
    // measure page, later shown highlighted there.
    await meeting.agenda.getByRole('link', { name: new RegExp(escapeRegExp(MEASURE)) }).click();
    await page.waitForURL(/\/massnahmen\/[0-9a-f-]{36}$/);
    await waitForHydration(page);
    const decisions = new MeasureDecisionsPanel(page);
    const paragraph = decisions.text.sectionParagraph('Zeitplan');
    await paragraph.waitFor();
    const passage = (await paragraph.innerText()).trim();
    await decisions.text.selectParagraph(paragraph);
    const summary = `Start der Botschafter im Herbst 2027 (${token}).`;
    await decisions.recordOnSelection(title, 'angenommen', summary);
    const entry = decisions.decision(summary);
    await entry.getByText(passage).waitFor();
    await entry.getByRole('link', { name: /Stand nach Sitzung/ }).waitFor();
    await expectNoAxeViolations(page);
    await decisions.editor.locator('p').first().click();
    await entry.getByRole('button', { name: 'Textstelle zeigen' }).click();
    await decisions.editor.locator('.decision-highlight', { hasText: passage }).waitFor();
    await expect.poll(() => page.evaluate(() => window.getSelection()?.toString())).toBe(passage);
    await entry.getByRole('link', { name: `Protokoll der Sitzung „${title}“` }).click();
    await page.waitForURL(/\/sitzungen\/[0-9a-f-]{36}#meeting-minutes$/);
    await waitForHydration(page);
    await meeting.decisions.getByText(summary).waitFor();
    await meeting.decisions.getByRole('link', { name: /Stand nach Sitzung/ }).waitFor();
    await meeting.moveMinutes('In die Abstimmung geben', 'Abstimmung');
    await meeting.moveMinutes('Protokoll beschließen', 'Beschlossen');
    // Closed: the minutes keep their text and nobody can type any more, also in an open tab.
    await expect.poll(() => meeting.minutesEditor.getAttribute('aria-readonly')).toBe('true');
    await meeting.minutesEditor
      .getByText(`Ergänzung der Kleingruppe ${token}`, { exact: false })
      .waitFor();
    // The member's open tab is told by the server and turns read-only without a reload …
    await expect
      .poll(() => memberMeeting.minutesEditor.getAttribute('aria-readonly'), { timeout: 10_000 })
      .toBe('true');
    // … and after one the minutes are read-only from the start.
    await memberMeeting.goto(meetingId);
    await expect.poll(() => memberMeeting.minutesEditor.getAttribute('aria-readonly')).toBe('true');
    await memberMeeting.minutesEditor
      .getByText(`im Herbst (${token}).`, { exact: false })
      .waitFor();
    // The member was invited: the inbox says so, with a link to the meeting.
    await member.goto('/benachrichtigungen');
    await waitForHydration(member);
    await member
      .getByRole('link', { name: new RegExp(`zur Sitzung „${escapeRegExp(title)}“`) })
      .waitFor();
    await expectNoAxeViolations(member);

    await expectNoAxeViolations(page);

    const ics = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'In den Kalender (.ics)' }).click(),
    ]).then(([download]) => download);
    const text = readFileSync((await ics.path())!, 'utf8');
    expect(text).toContain('BEGIN:VEVENT');
    expect(text.replace(/\r\n /g, '')).toContain(`SUMMARY:${title}`);
  });

  test('the admin compiles, freezes and exports a declaration; the Fahrplan opens', async ({
    page,
  }) => {
    await signIn(page, ADMIN);
    const declarations = new DeclarationPages(page);
    const title = unique('Gemeinsame Erklärung');
    await page.goto('/erklaerungen/neu');
    await waitForHydration(page);
    await expectNoAxeViolations(page);
    await declarations.compile(
      title,
      'Die Akteure der Industrieregion Aachen erklären gemeinsam …',
      [MEASURE],
    );
    await page.getByRole('heading', { level: 1, name: title }).waitFor();
    await page.getByText('Entwurf: Die Maßnahmen zeigen ihren aktuellen Text.').waitFor();
    await expectNoAxeViolations(page);

    await declarations.freeze();
    await page
      .getByRole('heading', { name: new RegExp(MEASURE.replace(/[()]/g, '\\$&')) })
      .waitFor();
    await expectNoAxeViolations(page);

    const docx = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Als Word-Datei (DOCX)' }).click(),
    ]).then(([download]) => download);
    expect(
      readFileSync((await docx.path())!)
        .subarray(0, 2)
        .toString(),
    ).toBe('PK');

    await page.getByRole('link', { name: 'Druckansicht (HTML)' }).click();
    await page.waitForURL(/\/druck$/);
    await page.getByRole('heading', { level: 2, name: 'Unterzeichnende Organisationen' }).waitFor();
    await expectNoAxeViolations(page);

    // A second draft to compare with the frozen one, measure by measure.
    const declarationId = page.url().split('/').at(-2)!;
    const second = await declarations.compile(unique('Zweiter Entwurf'), 'Die Akteure erklären …', [
      MEASURE,
    ]);
    await page.goto(`/erklaerungen/vergleich?a=${declarationId}&b=${second}`);
    await waitForHydration(page);
    await page.getByRole('heading', { level: 1, name: 'Erklärungen vergleichen' }).waitFor();
    await page.getByText('unverändert', { exact: true }).waitFor();
    await expectNoAxeViolations(page);

    await page.goto('/fahrplan');
    await waitForHydration(page);
    await page.getByRole('heading', { level: 1, name: 'Fahrplan' }).waitFor();
    await expectNoAxeViolations(page);
    await page.goto('/sitzungen');
    await waitForHydration(page);
    await expectNoAxeViolations(page);
  });
});
