import { readFileSync } from 'node:fs';
import axe from 'axe-core';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type BrowserContextOptions,
  type Page,
} from 'playwright-core';
import { expect, inject, test as base } from 'vitest';

/** The Chromium binary for this run, or null: then the browser tests are skipped (see tests/setup/global-e2e.ts). */
export const chromiumPath = inject('e2eChromiumPath');
const baseUrl = inject('e2eBaseUrl');
const serverLogPath = inject('e2eServerLog');

const LAUNCH_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-quic',
  '--no-first-run',
  '--disable-component-update',
  '--disable-sync',
];

/** How long a locator or navigation may take before the step fails. */
export const STEP_TIMEOUT_MS = 20_000;

/** pino's numeric level for `error`; the app logs at LOG_LEVEL=warn during the run. */
const PINO_ERROR = 50;

/**
 * What went wrong during one test: console errors and uncaught exceptions in the page, errors the
 * app logged. Any of them fails the test unless it was expected with `allow`.
 */
export class BrowserProblems {
  private readonly seen: string[] = [];
  private readonly expected: RegExp[] = [];

  /** Expect problems matching `pattern` in this test (e.g. the browser reporting a deliberate 404). */
  allow(pattern: RegExp): void {
    this.expected.push(pattern);
  }

  add(problem: string): void {
    this.seen.push(problem);
  }

  unexpected(): string[] {
    return this.seen.filter((problem) => !this.expected.some((pattern) => pattern.test(problem)));
  }
}

/** Error-level lines the app wrote to its log since `offset`. */
function serverErrorsSince(offset: number): string[] {
  if (!serverLogPath) return [];
  const text = readFileSync(serverLogPath, 'utf8').slice(offset);
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .filter((line) => {
      try {
        const entry = JSON.parse(line) as { level?: unknown };
        return typeof entry.level === 'number' && entry.level >= PINO_ERROR;
      } catch {
        return false;
      }
    })
    .map((line) => `app logged: ${line}`);
}

function serverLogLength(): number {
  return serverLogPath ? readFileSync(serverLogPath, 'utf8').length : 0;
}

/** What a test may choose for another browser context: a viewport, a time zone. */
export type PageOptions = Pick<BrowserContextOptions, 'viewport' | 'timezoneId'>;

/**
 * Opens a fresh browser context (own cookies: one signed-in user each) with one page on the app's
 * base URL, German as the browser language, under the same error guard as `page`.
 */
export type OpenPage = (options?: PageOptions) => Promise<Page>;

/**
 * `test` with a Chromium per file (`browser`) and, per test, a fresh browser context with one page
 * (`page`) on the app's base URL, German as the browser language. `openPage` opens further contexts
 * (a second user). After the test every context is closed and the test fails if a page or the app
 * reported an error (`problems`).
 */
export const test = base
  .extend('chromiumPath', { scope: 'worker' }, chromiumPath)
  .extend(
    'browser',
    { scope: 'file' },
    async ({ chromiumPath }, { onCleanup }): Promise<Browser> => {
      if (!chromiumPath)
        throw new Error('No Chromium: this suite must be skipped (describe.skipIf)');
      const browser = await chromium.launch({ executablePath: chromiumPath, args: LAUNCH_ARGS });
      onCleanup(() => browser.close());
      return browser;
    },
  )
  .extend('problems', () => new BrowserProblems())
  .extend('openPage', async ({ browser, problems }, { onCleanup }): Promise<OpenPage> => {
    const logOffset = serverLogLength();
    const contexts: BrowserContext[] = [];
    onCleanup(async () => {
      for (const context of contexts) await context.close();
      for (const line of serverErrorsSince(logOffset)) problems.add(line);
      const unexpected = problems.unexpected();
      if (unexpected.length > 0)
        throw new Error(`The browser or the app reported errors:\n${unexpected.join('\n')}`);
    });
    return async (options = {}) => {
      const context = await browser.newContext({ ...options, baseURL: baseUrl, locale: 'de-DE' });
      contexts.push(context);
      context.setDefaultTimeout(STEP_TIMEOUT_MS);
      context.setDefaultNavigationTimeout(STEP_TIMEOUT_MS);
      const page = await context.newPage();
      page.on('console', (message) => {
        if (message.type() !== 'error') return;
        const { url, lineNumber } = message.location();
        problems.add(`console error: ${message.text()}${url ? ` (${url}:${lineNumber})` : ''}`);
      });
      page.on('pageerror', (error) => problems.add(`uncaught ${error.name}: ${error.message}`));
      return page;
    };
  })
  .extend('page', ({ openPage }): Promise<Page> => openPage());

/**
 * Resolves once React has hydrated the server-rendered document, so clicks and submits are handled
 * by the app rather than by the browser's native form submission. Call it after every full load.
 * Reads React's root state (`isDehydrated`, the same in React 18 and 19): there is no public signal.
 */
export async function waitForHydration(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const key = Object.keys(document).find((name) => name.startsWith('__reactContainer$'));
    if (!key) return false;
    const hostRoot = (document as unknown as Record<string, unknown>)[key] as {
      stateNode?: { current?: { memoizedState?: { isDehydrated?: boolean } } };
    };
    return hostRoot.stateNode?.current?.memoizedState?.isDehydrated === false;
  });
}

const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/** Runs axe-core (WCAG 2.1 A and AA) on the page as it is now and fails listing every violation. */
export async function expectNoAxeViolations(page: Page): Promise<void> {
  // Evaluated through DevTools rather than a <script> tag, which the page's CSP would refuse.
  await page.evaluate(axe.source);
  const violations = await page.evaluate(async (tags) => {
    const { axe: injected } = window as unknown as { axe: typeof axe };
    const results = await injected.run(document, { runOnly: { type: 'tag', values: tags } });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? null,
      help: violation.help,
      helpUrl: violation.helpUrl,
      targets: violation.nodes.map((node) => JSON.stringify(node.target)),
    }));
  }, WCAG_TAGS);
  const report = violations.map(
    (violation) =>
      `${violation.id} (${violation.impact ?? 'unknown impact'}): ${violation.help}\n  ${violation.targets.join('\n  ')}\n  ${violation.helpUrl}`,
  );
  expect(report, `axe found accessibility violations on ${page.url()}`).toEqual([]);
}

/** Styles of the element that has focus: what a keyboard user sees. */
export function focusedElement(page: Page) {
  return page.evaluate(() => {
    const element = document.activeElement;
    if (!element || element === document.body) return null;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
      tagName: element.tagName.toLowerCase(),
      id: element.id,
      text: element.textContent?.trim() ?? '',
      outlineStyle: style.outlineStyle,
      outlineWidth: style.outlineWidth,
      isInViewport:
        box.bottom > 0 &&
        box.right > 0 &&
        box.top < window.innerHeight &&
        box.left < window.innerWidth,
    };
  });
}
