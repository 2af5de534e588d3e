import type { Locator, Page } from 'playwright-core';
import { Header } from './header';

/** /anmelden: the e-mail and password form. */
export class SignInPage {
  static readonly PATH = '/anmelden';

  readonly header: Header;
  readonly heading: Locator;
  readonly emailInput: Locator;
  readonly passwordInput: Locator;
  readonly submitButton: Locator;
  readonly errorAlert: Locator;

  constructor(private readonly page: Page) {
    this.header = new Header(page);
    const main = page.getByRole('main');
    this.heading = main.getByRole('heading', { level: 1, name: 'Anmelden' });
    this.emailInput = main.getByLabel('E-Mail-Adresse');
    this.passwordInput = main.getByLabel('Passwort');
    this.submitButton = main.getByRole('button', { name: 'Anmelden' });
    this.errorAlert = main.getByRole('alert');
  }

  async goto(): Promise<void> {
    await this.page.goto(SignInPage.PATH);
    await this.heading.waitFor();
  }

  async signIn(email: string, password: string): Promise<void> {
    await this.emailInput.fill(email);
    await this.passwordInput.fill(password);
    await this.submitButton.click();
  }
}
