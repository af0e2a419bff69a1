import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { AppShellPage } from '../pages/app-shell.page.ts';
import { LoginPage } from '../pages/login.page.ts';
import { CASE_MANAGER, createAccounts, type TestAccount } from './accounts.ts';
import { collectPageProblems, launchChromium, type PageProblems } from './browser.ts';

/** The WCAG 2.1 A and AA rules of axe-core. */
export const WCAG_21_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export interface AppInChromium {
  relay: TestRelay;
  browser: Browser;
  /** A fresh browser context per test: a new device with empty storage. */
  context: BrowserContext;
  page: Page;
  problems: PageProblems;
  shell: AppShellPage;
  login: LoginPage;
  /** Who the test is logged in as (unless it asked not to be). */
  account: TestAccount;
}

/**
 * Registers the hooks most browser test files need: one relay serving the built app, with a team and two
 * case managers in it, and one Chromium for the file; a new context and page for every test, logged in as
 * `CASE_MANAGER` (unless `logIn: false`). Read the fields inside tests, not at import time.
 */
export function useAppInChromium(
  options: { viewport?: { width: number; height: number }; logIn?: boolean } = {},
): AppInChromium {
  const env = {} as AppInChromium;
  beforeAll(async () => {
    env.relay = await startTestRelay();
    await createAccounts(env.relay.store);
    env.browser = await launchChromium();
  });
  afterAll(async () => {
    await env.browser?.close();
    await env.relay?.close();
  });
  beforeEach(async () => {
    env.context = await env.browser.newContext({
      viewport: options.viewport ?? { width: 1024, height: 768 },
    });
    env.page = await env.context.newPage();
    env.problems = collectPageProblems(env.page);
    env.shell = new AppShellPage(env.page, env.relay.url);
    env.login = new LoginPage(env.page, env.relay.url);
    env.account = CASE_MANAGER;
    if (options.logIn ?? true) await logIn(env.login, CASE_MANAGER);
  });
  afterEach(async () => {
    await env.context?.close();
  });
  return env;
}

/** Opens the app (which shows the login form on a new device) and logs in. */
export async function logIn(login: LoginPage, account: TestAccount, path = '/'): Promise<void> {
  await login.goto(path);
  await login.logIn(account);
}

/** A second device beside the harness's: its own browser context and page, and the shell on it. */
export interface SecondDevice {
  context: BrowserContext;
  page: Page;
  shell: AppShellPage;
}

/**
 * A colleague's device beside the harness's (the first device, logged in as the case manager): its own
 * browser context, logged in as `account` on _Fälle_; both devices on _Fälle_ with the app held by their
 * service workers, so either can go offline. The caller closes `context`.
 */
export async function secondDevice(
  env: AppInChromium,
  account: TestAccount,
  viewport = { width: 1024, height: 768 },
): Promise<SecondDevice> {
  const context = await env.browser.newContext({ viewport });
  const page = await context.newPage();
  const shell = new AppShellPage(page, env.relay.url);
  await logIn(new LoginPage(page, env.relay.url), account, '/faelle');
  await env.shell.goto('/faelle');
  await env.shell.waitForOfflineReady();
  await shell.waitForOfflineReady();
  return { context, page, shell };
}

/** Visits `path` once online so the service worker holds the app, then switches the network off. */
export async function openThenGoOffline(env: AppInChromium, path: string): Promise<void> {
  await env.shell.goto(path);
  await env.shell.waitForOfflineReady();
  await env.context.setOffline(true);
}

/** axe-core's WCAG 2.1 AA violations on the page (or inside `include`), as `rule (targets)` lines. */
export async function axeViolations(page: Page, include?: string): Promise<string[]> {
  let builder = new AxeBuilder({ page }).withTags(WCAG_21_AA);
  if (include) builder = builder.include(include);
  const results = await builder.analyze();
  return results.violations.map(
    (violation) => `${violation.id} (${violation.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  );
}
