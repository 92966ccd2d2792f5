import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import type { Hono } from "hono";

const require = createRequire(import.meta.url);

/** The swagger-ui files the page needs, served from our own origin (no CDN). */
const ASSETS: Record<string, string> = {
  "swagger-ui.css": "text/css; charset=utf-8",
  "swagger-ui-bundle.js": "text/javascript; charset=utf-8",
};

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Switchyard API reference</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
<style>body{margin:0} .skip{position:absolute;left:-999px} .skip:focus{left:8px;top:8px;background:#fff;padding:4px}</style>
</head>
<body>
<a class="skip" href="#swagger-ui">Skip to the API reference</a>
<header style="padding:8px 16px;font-family:sans-serif"><a href="/">Back to the dashboard</a> · <a href="/api/v1/openapi.json">OpenAPI document (JSON)</a></header>
<main id="swagger-ui" aria-label="API reference"></main>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/assets/init.js"></script>
</body>
</html>
`;

// In its own file, not inline, so the page's CSP can forbid inline scripts.
const INIT = `window.ui = SwaggerUIBundle({ url: "/api/v1/openapi.json", dom_id: "#swagger-ui", deepLinking: true, persistAuthorization: false, tryItOutEnabled: false, validatorUrl: null });\n`;

/** GET /docs: the API reference (swagger-ui over /api/v1/openapi.json), public like the document. */
export function mountDocs(app: Hono): void {
  const dist = dirname(require.resolve("swagger-ui-dist/package.json"));
  const cache = new Map<string, Buffer>();
  app.get("/docs", (c) => c.html(PAGE));
  app.get("/docs/", (c) => c.redirect("/docs"));
  app.get("/docs/assets/init.js", (c) => c.body(INIT, 200, { "content-type": "text/javascript; charset=utf-8" }));
  app.get("/docs/assets/:file", async (c) => {
    const file = c.req.param("file");
    const type = ASSETS[file];
    if (!type) return c.json({ error: { code: "NOT_FOUND", message: "no such asset" } }, 404);
    let body = cache.get(file);
    if (!body) {
      body = await readFile(join(dist, file));
      cache.set(file, body);
    }
    return c.body(new Uint8Array(body), 200, { "content-type": type, "cache-control": "public, max-age=3600" });
  });
}
