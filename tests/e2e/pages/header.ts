import type { Locator, Page } from 'playwright-core';

/** The site header on every page: account, sign-in link, sign-out and the language switch. */
export class Header {
  readonly root: Locator;

  constructor(page: Page) {
    this.root = page.getByRole('banner');
  }

  get signInLink(): Locator {
    return this.root.getByRole('link', { name: 'Anmelden' });
  }

  get signOutButton(): Locator {
    return this.root.getByRole('button', { name: 'Abmelden' });
  }

  /** The switch to the other language is labelled in that language ("English" on German pages). */
  languageButton(name: 'English' | 'Deutsch'): Locator {
    return this.root.getByRole('button', { name });
  }

  account(displayName: string): Locator {
    return this.root.getByText(displayName, { exact: true });
  }

  async signOut(): Promise<void> {
    await this.signOutButton.click();
  }
}
