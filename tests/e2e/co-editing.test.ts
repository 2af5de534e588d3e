import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { BoardPage } from './pages/board-page';
import { demoAccount, signedInPage } from './support/demo';
import { MeasurePage } from './pages/measure-page';
import { chromiumPath, expectNoAxeViolations, test, waitForHydration } from './support/browser';

const MODERATOR = demoAccount('moderation@demo.masterplan.example');
const MEMBER = demoAccount('mitglied@demo.masterplan.example');
const OBSERVER = demoAccount('beobachtung@demo.masterplan.example');
/** A platform-visible demo measure of the Fachkräfte group: members edit, observers read. */
const SHARED_MEASURE = 'Regionale Weiterbildungsallianz (Beispiel)';
const EDITOR_NAME = 'Text der Maßnahme';

async function openSharedMeasure(page: Page): Promise<void> {
  const board = new BoardPage(page);
  await board.openCard(SHARED_MEASURE);
  await new MeasurePage(page).heading.filter({ hasText: SHARED_MEASURE }).waitFor();
  await waitForHydration(page);
}

const editor = (page: Page) => page.getByRole('textbox', { name: EDITOR_NAME });
const saveStatus = (page: Page) => page.locator('.collab-status, [data-collab-status]').first();

describe.skipIf(chromiumPath === null)('co-editing a measure', () => {
  test('typing in one browser appears in the other, both carets carry the right names, and a reload shows the saved text', async ({
    openPage,
  }) => {
    const moderator = await signedInPage(openPage, MODERATOR);
    const member = await signedInPage(openPage, MEMBER);
    await openSharedMeasure(moderator);
    await openSharedMeasure(member);
    const token = `Abgestimmt-${Date.now().toString(36)}`;

    await editor(moderator).click();
    await moderator.keyboard.press('Control+End');
    await moderator.keyboard.type(` ${token} von der Moderation.`);
    // The whole sentence, not just the token: the member types at the end once it has arrived.
    await editor(member).getByText(`${token} von der Moderation.`, { exact: false }).waitFor();

    await editor(member).click();
    await member.keyboard.press('Control+End');
    await member.keyboard.type(` Ergänzung ${token} der Kleingruppe.`);
    await editor(moderator)
      .getByText(`Ergänzung ${token} der Kleingruppe.`, { exact: false })
      .waitFor();

    // Each sees the other's caret labelled with the server-stamped name and organisation.
    await moderator
      .locator('.collab-caret__label', { hasText: `${MEMBER.displayName} (DGB)` })
      .waitFor();
    await member
      .locator('.collab-caret__label', { hasText: `${MODERATOR.displayName} (IHK)` })
      .waitFor();
    await member.getByText(`${MODERATOR.displayName} (IHK)`).first().waitFor();

    await saveStatus(member).filter({ hasText: 'Gespeichert' }).waitFor();
    await saveStatus(moderator).filter({ hasText: 'Gespeichert' }).waitFor();
    await expectNoAxeViolations(member);

    await member.reload();
    await waitForHydration(member);
    await editor(member).getByText(`Ergänzung ${token}`, { exact: false }).waitFor();
    expect(await editor(member).textContent()).toContain(`${token} von der Moderation.`);
  });

  test('an observer sees the text live and cannot type', async ({ openPage }) => {
    const member = await signedInPage(openPage, MEMBER);
    const observer = await signedInPage(openPage, OBSERVER);
    await openSharedMeasure(member);
    await openSharedMeasure(observer);
    const token = `Lesend-${Date.now().toString(36)}`;

    await editor(member).click();
    await member.keyboard.press('Control+End');
    await member.keyboard.type(` ${token}`);
    await editor(observer).getByText(token, { exact: false }).waitFor();
    await saveStatus(member).filter({ hasText: 'Gespeichert' }).waitFor();

    const observed = editor(observer);
    expect(await observed.getAttribute('contenteditable')).toBe('false');
    const before = await observed.textContent();
    await observed.click();
    await observer.keyboard.type('Beobachtung schreibt');
    expect(await observed.textContent()).toBe(before);
    expect(await member.getByText('Beobachtung schreibt').count()).toBe(0);
    await expectNoAxeViolations(observer);
  });
});
