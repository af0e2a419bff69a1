/** The app's screens and the paths they live at. German paths, because people see and share them. */
export const ROUTES = {
  start: '/',
  cases: '/faelle',
  today: '/heute',
  reports: '/berichte',
  settings: '/einstellungen',
} as const;

export type RouteId = keyof typeof ROUTES;

function normalise(pathname: string): string {
  const trimmed = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return trimmed === '' ? '/' : trimmed;
}

export function routeFor(pathname: string): RouteId | 'not-found' {
  const path = normalise(pathname);
  const match = (Object.keys(ROUTES) as RouteId[]).find((id) => ROUTES[id] === path);
  return match ?? 'not-found';
}

/**
 * Client-side navigation with the History API. Every screen has a real URL, so reloads and bookmarks work;
 * the service worker answers all of them with the app shell when offline.
 */
class Router {
  #path = $state(typeof location === 'undefined' ? '/' : normalise(location.pathname));
  /** Counts navigations after the first render, so the shell can move focus only when a person navigated. */
  #navigations = $state(0);

  constructor() {
    if (typeof window !== 'undefined') {
      window.addEventListener('popstate', () => {
        this.#path = normalise(location.pathname);
        this.#navigations += 1;
      });
    }
  }

  get route(): RouteId | 'not-found' {
    return routeFor(this.#path);
  }

  get navigations(): number {
    return this.#navigations;
  }

  navigate(id: RouteId): void {
    const path = ROUTES[id];
    if (path === this.#path) return;
    history.pushState(null, '', path);
    this.#path = path;
    this.#navigations += 1;
  }

  /**
   * Click handler for links to a route: follows the link in-app, but leaves modified clicks (new tab,
   * new window) to the browser.
   */
  follow(event: MouseEvent, id: RouteId): void {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    this.navigate(id);
  }

  reset(): void {
    this.#path = '/';
    this.#navigations = 0;
  }
}

export const router = new Router();
