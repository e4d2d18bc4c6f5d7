import { readdirSync } from 'node:fs';
import path from 'node:path';
import { wellFormed } from '@/lib/storable-text';

export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type RouteHandler = (
  request: Request,
  context: { params: Promise<Record<string, string | string[]>> },
) => Promise<Response>;

/** One exported method of one `app/**\/route.ts`: `key` is `METHOD /api/path/[param]` (route groups dropped). */
export type DiscoveredRoute = {
  key: string;
  method: HttpMethod;
  pattern: string;
  file: string;
  handler: RouteHandler;
};

/** Every route handler file under `app/`, from the file system (so a new route cannot hide from the suites). */
export function routeFiles(root: string): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') out.push(path.relative(root, full));
    }
  };
  walk(path.join(root, 'app'));
  return out.sort();
}

/** `app/api/(group)/tasks/[taskId]/route.ts` → `/api/tasks/[taskId]`. */
export function patternOf(file: string): string {
  const segments = file
    .split(path.sep)
    .slice(1, -1)
    .filter((s) => !/^\(.*\)$/.test(s));
  return `/${segments.join('/')}`;
}

/** Imports every route file and lists each exported HTTP method. */
export async function discoverRoutes(root: string): Promise<DiscoveredRoute[]> {
  const routes: DiscoveredRoute[] = [];
  for (const file of routeFiles(root)) {
    const mod = (await import(/* @vite-ignore */ path.join(root, file))) as Record<string, unknown>;
    const pattern = patternOf(file);
    for (const method of HTTP_METHODS) {
      const handler = mod[method];
      if (typeof handler === 'function') {
        routes.push({ key: `${method} ${pattern}`, method, pattern, file, handler: handler as RouteHandler });
      }
    }
  }
  return routes;
}

/** `/api/tasks/[taskId]` + `{ taskId }` → the URL path; a catch-all `[...slug]` takes an array. */
export function fillPattern(pattern: string, params: Record<string, string | string[]>): string {
  return pattern.replace(/\[(\.\.\.)?([^\]]+)\]/g, (_, _rest, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`no value for [${name}] in ${pattern}`);
    // A lone surrogate cannot travel in a URL; the handler still receives the raw value through `params`.
    const encode = (v: string) => encodeURIComponent(wellFormed(v));
    return Array.isArray(value) ? value.map(encode).join('/') : encode(value);
  });
}

export type PageComponent = (props: {
  params: Promise<Record<string, string | string[]>>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
  children?: unknown;
}) => unknown;

/** One `app/**\/page.tsx`: `key` is its URL pattern; `layouts` are the layout files above it, outermost first. */
export type DiscoveredPage = { key: string; pattern: string; file: string; layouts: string[] };

/** Every page under `app/`, from the file system (so a new page cannot hide from the access matrix). */
export function discoverPages(root: string): DiscoveredPage[] {
  const pages: DiscoveredPage[] = [];
  const walk = (dir: string, layouts: string[]) => {
    const entries = readdirSync(dir, { withFileTypes: true });
    const here = entries.some((e) => e.name === 'layout.tsx')
      ? [...layouts, path.relative(root, path.join(dir, 'layout.tsx'))]
      : layouts;
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full, here);
      else if (entry.name === 'page.tsx') {
        const file = path.relative(root, full);
        const pattern = patternOf(file).replace(/^\/$/, '') || '/';
        pages.push({ key: pattern, pattern, file, layouts: here });
      }
    }
  };
  walk(path.join(root, 'app'), []);
  return pages.sort((a, b) => a.key.localeCompare(b.key));
}
