import type { Locator, Page } from 'playwright-core';

/** The review parts of a measure page: comments side panel, sign-off panel, versions link. */
export class ReviewPanels {
  readonly editor: Locator;
  readonly comments: Locator;
  readonly commentFromSelection: Locator;
  readonly passageNote: Locator;
  readonly commentBody: Locator;
  readonly saveComment: Locator;
  readonly signoff: Locator;
  readonly versionsLink: Locator;

  constructor(readonly page: Page) {
    this.editor = page.getByRole('textbox', { name: 'Text der Maßnahme' });
    this.comments = page.getByRole('region', { name: 'Kommentare' });
    this.commentFromSelection = this.comments.getByRole('button', { name: 'Kommentieren' });
    this.passageNote = this.comments.getByText('Zur Textstelle:');
    this.commentBody = this.comments.getByLabel('Kommentar', { exact: true });
    this.saveComment = this.comments.getByRole('button', { name: 'Kommentar speichern' });
    this.signoff = page.getByRole('region', { name: 'Mitzeichnung' });
    this.versionsLink = page.getByRole('link', { name: 'Versionen und Vergleich' });
  }

  thread(text: string): Locator {
    return this.comments.locator('article.comment-thread', { hasText: text });
  }

  /** The paragraph right after a heading of the editor's text (a binding section's body). */
  sectionParagraph(heading: string): Locator {
    return this.editor.locator(`h2:has-text("${heading}") + p`);
  }

  /** Selects a paragraph's text with the keyboard (Home, then Shift+End). */
  async selectParagraph(paragraph: Locator): Promise<void> {
    await paragraph.click();
    await this.page.keyboard.press('Home');
    await this.page.keyboard.press('Shift+End');
  }

  async typeAtEndOf(paragraph: Locator, text: string): Promise<void> {
    await paragraph.click();
    await this.page.keyboard.press('End');
    await this.page.keyboard.type(text);
  }

  async waitUntilSaved(): Promise<void> {
    await this.page
      .locator('.collab-status, [data-collab-status]')
      .first()
      .filter({ hasText: 'Gespeichert' })
      .waitFor();
  }
}
