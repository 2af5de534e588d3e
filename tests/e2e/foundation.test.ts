import { describe, expect } from 'vitest';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../app/lib/db/seed.server';
import { OverviewPage } from './pages/overview-page';
import { SignInPage } from './pages/sign-in-page';
import {
  chromiumPath,
  expectNoAxeViolations,
  focusedElement,
  STEP_TIMEOUT_MS,
  test,
} from './support/browser';

const member = DEMO_ACCOUNTS.find(
  (account) => account.platformRole === 'member' && account.organization === 'DGB',
);
if (!member) throw new Error('the seed no longer has the demo member (Mitglied, DGB)');

const THEMES = ['Standortkommunikation', 'Fachkräfte', 'Innovationen', 'Rahmenbedingungen'];
const MAX_TABS_TO_FORM = 20;

describe.skipIf(chromiumPath === null)('foundation in the browser', () => {
  test('the demo member signs in, sees the four Themenfelder and signs out', async ({ page }) => {
    const signInPage = new SignInPage(page);
    await signInPage.goto();
    await expectNoAxeViolations(page);

    await signInPage.signIn(member.email, DEMO_PASSWORD);
    await page.waitForURL(OverviewPage.PATH);
    const overview = new OverviewPage(page);
    await overview.heading.waitFor();
    for (const theme of THEMES) await overview.themeHeading(theme).waitFor();
    expect(await overview.themeHeadings.count()).toBe(THEMES.length);
    await overview.header.account(member.displayName).waitFor();
    await expectNoAxeViolations(page);

    await overview.header.signOut();
    await page.waitForURL(SignInPage.PATH);
    await signInPage.heading.waitFor();

    await overview.goto();
    await overview.header.signInLink.waitFor();
    expect(await overview.header.account(member.displayName).count()).toBe(0);
  });

  test('sign-in works by keyboard alone', async ({ page }) => {
    const signInPage = new SignInPage(page);
    await signInPage.goto();
    expect(await focusedElement(page), 'nothing has focus before the first key').toBeNull();

    await page.keyboard.press('Tab');
    const skipLink = await focusedElement(page);
    expect(skipLink, 'the skip link is the first focusable element').toMatchObject({
      tagName: 'a',
      text: 'Zum Inhalt springen',
      isInViewport: true,
    });
    expect(skipLink?.outlineStyle).not.toBe('none');

    for (let tabs = 0; (await focusedElement(page))?.id !== 'email'; tabs += 1) {
      if (tabs === MAX_TABS_TO_FORM)
        throw new Error(`the e-mail field is not reached within ${MAX_TABS_TO_FORM} tabs`);
      await page.keyboard.press('Tab');
    }
    const emailField = await focusedElement(page);
    expect(emailField?.outlineStyle, 'the focused e-mail field has a visible outline').not.toBe(
      'none',
    );
    expect(emailField?.outlineWidth).not.toBe('0px');
    await page.keyboard.type(member.email);

    await page.keyboard.press('Tab');
    expect((await focusedElement(page))?.id).toBe('password');
    await page.keyboard.type(DEMO_PASSWORD);

    await page.keyboard.press('Tab');
    const submitButton = await focusedElement(page);
    expect(submitButton).toMatchObject({ tagName: 'button', text: 'Anmelden' });
    expect(submitButton?.outlineStyle, 'the focused submit button has a visible outline').not.toBe(
      'none',
    );
    expect(submitButton?.outlineWidth).not.toBe('0px');
    await page.keyboard.press('Enter');

    await page.waitForURL(OverviewPage.PATH);
    await new OverviewPage(page).header.account(member.displayName).waitFor();
  });

  test('a wrong password shows a German error and stays signed out', async ({ page, problems }) => {
    // The browser reports the refused sign-in's 4xx response on its console; that is the expected answer.
    problems.allow(/status of 401 \(Unauthorized\) \(\S+\/anmelden\.data:/);
    const signInPage = new SignInPage(page);
    await signInPage.goto();
    await signInPage.signIn(member.email, 'Falsches-Passwort-123');

    await signInPage.errorAlert.getByText('E-Mail-Adresse oder Passwort ist falsch.').waitFor();
    expect(new URL(page.url()).pathname).toBe(SignInPage.PATH);
    await signInPage.header.signInLink.waitFor();
    expect(await signInPage.header.signOutButton.count()).toBe(0);
    await expectNoAxeViolations(page);

    await page.goto(OverviewPage.PATH);
    await signInPage.header.signInLink.waitFor();
  });

  test('the 404 page is German, has no stack trace and passes axe', async ({ page, problems }) => {
    problems.allow(/status of 404 \(Not Found\) \(\S+\/gibt-es-nicht:/);
    const response = await page.goto('/gibt-es-nicht');
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Seite nicht gefunden' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    expect(await page.title()).toContain('Seite nicht gefunden');

    const text = await page.locator('body').innerText();
    expect(text).toContain('Diese Seite gibt es nicht.');
    expect(text).not.toContain('Error:');
    expect(text).not.toMatch(/^\s*at \S+/m);
    expect(await response?.text()).not.toMatch(/\bat \S+ \(\S+:\d+:\d+\)/);
    await expectNoAxeViolations(page);
  });

  test('English is available', async ({ page }) => {
    const signInPage = new SignInPage(page);
    await signInPage.goto();
    await signInPage.header.languageButton('English').click();

    await page.getByRole('heading', { level: 1, name: 'Sign in' }).waitFor();
    await expect
      .poll(() => page.locator('html').getAttribute('lang'), { timeout: STEP_TIMEOUT_MS })
      .toBe('en');
    expect(new URL(page.url()).pathname).toBe(SignInPage.PATH);
    await page.getByRole('main').getByLabel('E-mail address').waitFor();
    await expectNoAxeViolations(page);

    await page.goto(OverviewPage.PATH);
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Skilled workers' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await signInPage.header.languageButton('Deutsch').waitFor();
    await expectNoAxeViolations(page);
  });
});
