import { describe, expect, it } from 'vitest';
import { useAppInChromium } from './support/app-in-chromium.ts';
import { unexpectedFailures } from './support/browser.ts';

const env = useAppInChromium();

describe('the app shell', () => {
  it('renders the start screen in German with the navigation frame', async () => {
    await env.shell.goto('/');
    await expect.poll(() => env.shell.heading.textContent()).toBe('Willkommen bei Lotse');
    expect(await env.shell.page.locator('html').getAttribute('lang')).toBe('de');
    expect(await env.shell.navLabels()).toEqual(['Start', 'Fälle', 'Heute', 'Einstellungen']);
    await expect.poll(() => env.shell.connection.textContent(), { timeout: 10_000 }).toContain('Online');
    // Nothing fails but what a navigation may cut off (the page before this one asked for the team's names).
    expect(env.problems.errors).toEqual([]);
    expect(unexpectedFailures(env.problems)).toEqual([]);
  });

  it('moves between screens, updating the URL, the title and the current link', async () => {
    await env.shell.goto('/');
    const screens = [
      { link: 'Fälle', path: '/faelle', heading: 'Fälle' },
      { link: 'Heute', path: '/heute', heading: 'Heute' },
      { link: 'Einstellungen', path: '/einstellungen', heading: 'Einstellungen' },
    ];
    for (const screen of screens) {
      await env.shell.navigateTo(screen.link);
      expect(new URL(env.shell.page.url()).pathname).toBe(screen.path);
      expect(await env.shell.heading.textContent()).toBe(screen.heading);
      expect(await env.shell.page.title()).toBe(`${screen.heading} – Lotse`);
      // Focus lands on the new screen's heading, so screen readers announce the change.
      await expect.poll(() => env.shell.page.evaluate(() => document.activeElement?.tagName)).toBe('H1');
    }
    await env.shell.page.goBack();
    await expect.poll(() => env.shell.heading.textContent()).toBe('Heute');
    expect(env.problems.errors).toEqual([]);
    expect(unexpectedFailures(env.problems)).toEqual([]);
  });

  it('opens a screen directly from its URL and says so when a page does not exist', async () => {
    await env.shell.goto('/heute');
    expect(await env.shell.heading.textContent()).toBe('Heute');
    expect(await env.shell.navLink('Heute').getAttribute('aria-current')).toBe('page');

    await env.shell.goto('/gibt-es-nicht');
    expect(await env.shell.heading.textContent()).toBe('Seite nicht gefunden');
    await env.shell.page.getByRole('link', { name: 'Zur Startseite' }).click();
    await expect.poll(() => env.shell.heading.textContent()).toBe('Willkommen bei Lotse');
  });

  it('switches the interface to English and keeps that choice after a reload', async () => {
    await env.shell.goto('/einstellungen');
    await env.shell.page.getByRole('radio', { name: 'English' }).check();
    await expect.poll(() => env.shell.heading.textContent()).toBe('Settings');
    expect(await env.shell.page.locator('html').getAttribute('lang')).toBe('en');

    await env.shell.reload();
    expect(await env.shell.heading.textContent()).toBe('Settings');
    expect(await env.shell.navLabels()).toContain('Cases');
    expect(await env.shell.page.getByRole('radio', { name: 'English' }).isChecked()).toBe(true);

    await env.shell.page.getByRole('radio', { name: 'Deutsch' }).check();
    await expect.poll(() => env.shell.heading.textContent()).toBe('Einstellungen');
    expect(env.problems.errors).toEqual([]);
    expect(unexpectedFailures(env.problems)).toEqual([]);
  });

  it('keeps every navigation target at least 44 px in both orientations and on a phone', async () => {
    for (const viewport of [
      { width: 768, height: 1024 },
      { width: 1440, height: 900 },
      { width: 390, height: 844 },
    ]) {
      await env.shell.page.setViewportSize(viewport);
      await env.shell.goto('/einstellungen');
      const targets = [
        ...(await env.shell.navigation.getByRole('link').all()),
        ...(await env.shell.page.getByRole('main').getByRole('button').all()),
      ];
      expect(targets.length).toBeGreaterThan(5);
      for (const target of targets) {
        const box = await target.boundingBox();
        expect(box, `${await target.textContent()} at ${viewport.width}px`).not.toBeNull();
        expect(box!.height).toBeGreaterThanOrEqual(44);
        expect(box!.width).toBeGreaterThanOrEqual(44);
      }
      // Nothing scrolls sideways, on any screen.
      for (const path of ['/', '/faelle', '/faelle/neu', '/heute', '/berichte', '/einstellungen']) {
        await env.shell.goto(path);
        const overflow = await env.shell.page.evaluate(
          () => document.documentElement.scrollWidth - document.documentElement.clientWidth,
        );
        expect(overflow, `${path} at ${viewport.width}px`).toBe(0);
      }
    }
  });
});
