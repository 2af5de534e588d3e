import type { Page } from 'playwright-core';
import { describe, expect } from 'vitest';
import { BoardPage } from './pages/board-page';
import { MeasurePage } from './pages/measure-page';
import { ReviewPanels } from './pages/review';
import { chromiumPath, expectNoAxeViolations, test, waitForHydration } from './support/browser';
import { demoAccount, signedInPage } from './support/demo';

const MEMBER_A = demoAccount('mitglied@demo.masterplan.example'); // Meike Marx (DGB), Fachkräfte
const MEMBER_B = demoAccount('hwk@demo.masterplan.example'); // Hanna Hoff (HWK), Fachkräfte
const MODERATOR = demoAccount('moderation@demo.masterplan.example'); // Markus Moll (IHK), signs for IHK
const ADMIN = demoAccount('verwaltung@demo.masterplan.example');

async function openMeasure(page: Page, title: string): Promise<ReviewPanels> {
  await new BoardPage(page).openCard(title);
  await new MeasurePage(page).heading.filter({ hasText: title }).waitFor();
  await waitForHydration(page);
  const review = new ReviewPanels(page);
  await review.editor.waitFor();
  return review;
}

/** Polls by reloading until `check` passes: the derived text settles a few seconds after typing. */
async function eventually(page: Page, check: () => Promise<boolean>): Promise<void> {
  for (let attempt = 0; attempt < 20; attempt += 1) {
    if (await check()) return;
    await page.waitForTimeout(750);
    await page.reload();
    await waitForHydration(page);
  }
  expect(await check()).toBe(true);
}

describe.skipIf(chromiumPath === null)('review and agreement', () => {
  test('A comments on a passage, B sees the highlight live and replies, A resolves', async ({
    openPage,
  }) => {
    const title = 'Willkommensservice für internationale Fachkräfte (Beispiel)';
    const a = await openMeasure(await signedInPage(openPage, MEMBER_A), title);
    const b = await openMeasure(await signedInPage(openPage, MEMBER_B), title);
    const token = `Frage-${Date.now().toString(36)}`;

    await a.selectParagraph(a.sectionParagraph('Ressourcen'));
    await a.commentFromSelection.click();
    await a.passageNote.waitFor();
    await a.commentBody.fill(`${token}: Reicht das Personal?`);
    await a.saveComment.click();
    await a.thread(token).waitFor();

    // B: no reload — the thread and its highlight arrive through the live channel.
    await b.thread(token).waitFor();
    await b.editor.locator('.comment-highlight', { hasText: 'Personal der beteiligten' }).waitFor();
    await expectNoAxeViolations(b.page);
    const threadB = b.thread(token);
    await threadB.getByLabel('Antwort').fill(`Antwort auf ${token}: Ja, mit Förderung.`);
    await threadB.getByRole('button', { name: 'Antworten' }).click();

    const threadA = a.thread(token);
    await threadA.getByText(`Antwort auf ${token}`).waitFor();
    await threadA.getByRole('button', { name: 'Textstelle zeigen' }).click();
    await threadA.getByRole('button', { name: 'Erledigt' }).click();
    // Resolved threads move into the "Erledigt" list and lose their highlight.
    await a.comments
      .locator('details.comments-resolved')
      .locator('article.comment-thread', { hasText: token })
      .waitFor({ state: 'attached' });
    await b.comments
      .locator('details.comments-resolved article.comment-thread', { hasText: token })
      .waitFor({ state: 'attached' });
    expect(
      await b.editor.locator('.comment-highlight', { hasText: 'Personal der beteiligten' }).count(),
    ).toBe(0);
  });

  test('a moderator saves a version, edits, compares and restores', async ({ openPage }) => {
    const title = 'Tag der Industrie-Ausbildung (Beispiel)';
    const page = await signedInPage(openPage, MODERATOR);
    const review = await openMeasure(page, title);
    const measureUrl = page.url();
    const token = `Neu${Date.now().toString(36)}`;

    await review.versionsLink.click();
    await page.getByLabel('Name der Version').fill('Stand nach Sitzung 2');
    await page.getByRole('button', { name: 'Version speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Version gespeichert.' }).waitFor();
    await expectNoAxeViolations(page);

    await page.goto(measureUrl);
    await waitForHydration(page);
    await review.typeAtEndOf(review.sectionParagraph('Zeitplan'), ` ${token} ergänzt`);
    await review.waitUntilSaved();

    // The second version holds the edit once the server has rendered the settled text.
    await review.versionsLink.click();
    await eventually(page, async () => {
      const response = await page.request.get(measureUrl);
      return (await response.text()).includes(token);
    });
    await page.getByLabel('Name der Version').fill('Nach der Ergänzung');
    await page.getByRole('button', { name: 'Version speichern' }).click();
    await page.getByRole('status').filter({ hasText: 'Version gespeichert.' }).waitFor();

    await page.getByRole('button', { name: 'Vergleichen' }).click();
    await page.getByRole('heading', { name: /Vergleich: Version \d+ mit Version \d+/ }).waitFor();
    const inline = page.getByTestId('diff-inline');
    expect(await inline.locator('ins').allTextContents()).toEqual([
      expect.stringContaining(`${token} ergänzt`),
    ]);
    expect(await inline.locator('del').count()).toBe(0);
    await expectNoAxeViolations(page);

    await page.getByRole('link', { name: 'Zurück zu den Versionen' }).click();
    await page.getByRole('link', { name: 'Stand nach Sitzung 2' }).click();
    await page.getByRole('link', { name: 'Diese Version wiederherstellen' }).click();
    await page.getByRole('status').filter({ hasText: 'wurde wiederhergestellt' }).waitFor();
    await review.waitUntilSaved();
    await expect
      .poll(async () => (await review.editor.textContent()) ?? '', { timeout: 15_000 })
      .not.toContain(token);
    await page.reload();
    await waitForHydration(page);
    expect(await review.editor.textContent()).not.toContain(token);
  });

  test('the IHK signer signs; an edit in "Ressourcen" makes the signature stale', async ({
    openPage,
  }) => {
    const title = 'Dachmarke Industrieregion Aachen (Beispiel)';
    const signer = await signedInPage(openPage, MODERATOR);
    const review = await openMeasure(signer, title);
    const ihk = review.signoff.locator('li[data-organization="IHK"]');
    await ihk.getByRole('button', { name: 'Für IHK mitzeichnen' }).click();
    await ihk.getByText('Mitgezeichnet').waitFor();
    await expectNoAxeViolations(signer);

    const admin = await signedInPage(openPage, ADMIN);
    const edit = await openMeasure(admin, title);
    await edit.typeAtEndOf(edit.sectionParagraph('Ressourcen'), ' Zusätzlich 20.000 € vom Land.');
    await edit.waitUntilSaved();

    await eventually(
      signer,
      async () => (await ihk.getByText('Erneute Bestätigung nötig').count()) > 0,
    );
    // The signer is told.
    await signer.getByRole('link', { name: /Benachrichtigungen \(\d+ ungelesen\)/ }).click();
    await signer
      .getByText(/Ihre Mitzeichnung muss erneut bestätigt werden/)
      .first()
      .waitFor();
    await expectNoAxeViolations(signer);
  });
});
