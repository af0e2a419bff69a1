/**
 * The app's screens and the paths they live at. German paths, because people see and share them.
 * Order matters: the first pattern that matches wins, so `/faelle/neu` comes before `/faelle/:caseId`.
 */
const PATTERNS = [
  { id: 'start', pattern: '/' },
  { id: 'cases', pattern: '/faelle' },
  { id: 'new-case', pattern: '/faelle/neu' },
  { id: 'case', pattern: '/faelle/:caseId' },
  { id: 'today', pattern: '/heute' },
  { id: 'perspectives', pattern: '/heute/perspektiven' },
  { id: 'week', pattern: '/heute/woche' },
  { id: 'reports', pattern: '/berichte' },
  { id: 'settings', pattern: '/einstellungen' },
  { id: 'admin', pattern: '/verwaltung' },
  { id: 'vocabulary', pattern: '/teamvokabular' },
  { id: 'themen', pattern: '/themen' },
  { id: 'thema', pattern: '/themen/:themaId' },
] as const;

export type RouteId = (typeof PATTERNS)[number]['id'];

export interface Route {
  id: RouteId | 'not-found';
  params: Record<string, string>;
}

/** Paths of the screens without parameters, for navigation links. */
export const ROUTES = {
  start: '/',
  cases: '/faelle',
  newCase: '/faelle/neu',
  today: '/heute',
  perspectives: '/heute/perspektiven',
  week: '/heute/woche',
  reports: '/berichte',
  settings: '/einstellungen',
  admin: '/verwaltung',
  vocabulary: '/teamvokabular',
  themen: '/themen',
} as const;

export function casePath(caseId: string): string {
  return `/faelle/${encodeURIComponent(caseId)}`;
}

export function themaPath(themaId: string): string {
  return `/themen/${encodeURIComponent(themaId)}`;
}

function normalise(pathname: string): string {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return trimmed === '' ? '/' : trimmed;
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const have = path.split('/');
  if (want.length !== have.length) return undefined;
  const params: Record<string, string> = {};
  for (let index = 0; index < want.length; index += 1) {
    const part = want[index]!;
    const value = have[index]!;
    if (part.startsWith(':')) {
      if (value === '') return undefined;
      try {
        params[part.slice(1)] = decodeURIComponent(value);
      } catch {
        return undefined;
      }
    } else if (part !== value) {
      return undefined;
    }
  }
  return params;
}

export function routeFor(pathname: string): Route {
  const path = normalise(pathname);
  for (const { id, pattern } of PATTERNS) {
    const params = match(pattern, path);
    if (params) return { id, params };
  }
  return { id: 'not-found', params: {} };
}

/**
 * Client-side navigation with the History API. Every screen has a real URL, so reloads and bookmarks work;
 * the service worker answers all of them with the app shell when offline.
 */
class Router {
  #path = $state(typeof location === 'undefined' ? '/' : normalise(location.pathname));
  /** Counts navigations after the first render, so the shell can move focus only when a person navigated. */
  #navigations = $state(0);
  #route = $derived(routeFor(this.#path));

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('popstate', () => {
        const path = normalise(location.pathname);
        // Jumping to an anchor on the same screen is not a navigation between screens.
        if (path === this.#path) return;
        this.#path = path;
        this.#navigations += 1;
      });
    }
  }

  get route(): Route {
    return this.#route;
  }

  get path(): string {
    return this.#path;
  }

  get navigations(): number {
    return this.#navigations;
  }

  /** Goes to `path`; `replace` swaps the current history entry (after creating something, say). */
  navigate(path: string, { replace = false }: { replace?: boolean } = {}): void {
    const target = normalise(path);
    if (target === this.#path) return;
    if (replace) history.replaceState(null, '', target);
    else history.pushState(null, '', target);
    this.#path = target;
    this.#navigations += 1;
  }

  /**
   * Click handler for in-app links: follows the link without a page load, but leaves modified clicks
   * (new tab, new window) to the browser.
   */
  follow(event: MouseEvent): void {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const anchor = event.currentTarget;
    if (!(anchor instanceof HTMLAnchorElement) || anchor.origin !== location.origin) return;
    event.preventDefault();
    this.navigate(anchor.pathname);
  }

  /** Whether the navigation item for `path` is the current one (a case belongs to "Fälle"). */
  isCurrentSection(path: string): boolean {
    if (path === '/') return this.#path === '/';
    return this.#path === path || this.#path.startsWith(`${path}/`);
  }

  reset(): void {
    this.#path = '/';
    this.#navigations = 0;
  }
}

export const router = new Router();
