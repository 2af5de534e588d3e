import type { Page } from 'playwright-core';
import { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../../../app/lib/db/seed.server';
import { BoardPage } from '../pages/board-page';
import { SignInPage } from '../pages/sign-in-page';
import { waitForHydration, type OpenPage } from './browser';

export type DemoAccount = (typeof DEMO_ACCOUNTS)[number];

/** A demo account from the seed, by e-mail (fails loudly when the seed changed). */
export function demoAccount(email: string): DemoAccount {
  const account = DEMO_ACCOUNTS.find((candidate) => candidate.email === email);
  if (!account) throw new Error(`the seed no longer has the demo account ${email}`);
  return account;
}

export async function signIn(page: Page, account: DemoAccount): Promise<void> {
  const signInPage = new SignInPage(page);
  await signInPage.goto();
  await waitForHydration(page);
  await signInPage.signIn(account.email, DEMO_PASSWORD);
  await page.waitForURL(BoardPage.PATH);
  await signInPage.header.account(account.displayName).waitFor();
}

/** A new browser context signed in as `account`, on the board. */
export async function signedInPage(openPage: OpenPage, account: DemoAccount): Promise<Page> {
  const page = await openPage();
  await signIn(page, account);
  return page;
}
