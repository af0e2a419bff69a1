import AxeBuilder from '@axe-core/playwright';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { startTestRelay, type TestRelay } from '../../support/relay.ts';
import { AppShellPage } from '../pages/app-shell.page.ts';
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
}

/**
 * Registers the hooks most browser test files need: one relay serving the built app and one Chromium for
 * the file, and a new context and page for every test. Read the fields inside tests, not at import time.
 */
export function useAppInChromium(
  options: { viewport?: { width: number; height: number } } = {},
): AppInChromium {
  const env = {} as AppInChromium;
  beforeAll(async () => {
    env.relay = await startTestRelay();
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
  });
  afterEach(async () => {
    await env.context?.close();
  });
  return env;
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
