import type { AddressInfo } from "node:net";
import { createTestApiApp } from "./test-api-app.js";
import { createWebHttpServer, type UiHandler } from "./web-http-server.js";

/**
 * Test support: the web HTTP server on a loopback port with the stand-in API and a stand-in
 * for Next.js that answers like a production build does (a prerendered page with a shared-cache
 * header, hashed assets cacheable for a year) and never reads request bodies.
 */
export const fakeNext: UiHandler = (req, res) => {
  const url = req.url ?? "/";
  // Like Next's handler on a URL it cannot parse: a throw before anything is async.
  if (url === "/throws-at-once") throw new Error(`page exploded in ${import.meta.url}`);
  if (url === "/throws") return Promise.reject(new Error(`page exploded in ${import.meta.url}`));
  if (url.startsWith("/_next/static/")) {
    res.setHeader("Cache-Control", "public, max-age=31536000, immutable");
    res.setHeader("Content-Type", "application/javascript");
    res.end("console.log(1)");
    return Promise.resolve();
  }
  res.setHeader("Cache-Control", "s-maxage=31536000");
  res.setHeader("Content-Type", "text/html; charset=utf-8");
  res.end("<!doctype html><title>Switchyard</title><p>dashboard</p>");
  return Promise.resolve();
};

export interface TestShell {
  url: string;
  port: number;
  /** Request bodies (in bytes) the stand-in API's handlers received. */
  seen: { bodies: number[] };
  /** For each finished response: the path and how many bytes its socket had read by then. */
  finished: Array<{ path: string; status: number; bytesRead: number }>;
  errors: Array<{ scope: string; err: unknown }>;
  close(): Promise<void>;
}

export async function startTestShell(): Promise<TestShell> {
  const seen = { bodies: [] as number[] };
  const finished: TestShell["finished"] = [];
  const errors: TestShell["errors"] = [];
  const server = createWebHttpServer({
    api: createTestApiApp(seen),
    ui: fakeNext,
    onError: (scope, err) => errors.push({ scope, err }),
  });
  server.on("request", (req, res) => {
    res.on("finish", () => finished.push({ path: req.url ?? "", status: res.statusCode, bytesRead: req.socket.bytesRead }));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    seen,
    finished,
    errors,
    close: () =>
      new Promise<void>((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
