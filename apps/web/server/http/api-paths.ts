import type { Hono } from "hono";

/** The API's prefix (REST /api/v1, tRPC /api/trpc): the only paths that take request bodies. */
export const API_PREFIX = "/api/";

export function isApiPath(url: string): boolean {
  return url.startsWith(API_PREFIX);
}

function firstSegment(path: string): string {
  const end = path.slice(1).search(/[/?#]/);
  return end < 0 ? path : path.slice(0, end + 1);
}

/**
 * Which requests the API app answers (everything else is a page for Next.js): those whose
 * first path segment one of its routes starts with, e.g. /api and /docs. Read from the app's
 * routes, so a route the API adds is reached without a change here; routes starting with a
 * parameter or a wildcard (its middleware) claim nothing.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any hono app, whatever its env and schema
export function apiAppPaths(api: Hono<any, any, any>): (url: string) => boolean {
  const segments = new Set<string>([API_PREFIX.slice(0, -1)]);
  for (const route of api.routes) {
    const segment = firstSegment(route.path);
    if (/^\/[A-Za-z0-9._~-]+$/.test(segment)) segments.add(segment);
  }
  return (url) => segments.has(firstSegment(url));
}
