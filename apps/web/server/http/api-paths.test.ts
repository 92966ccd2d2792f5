import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { apiAppPaths, isApiPath } from "./api-paths.js";

describe("which requests the API app answers", () => {
  it("claims the first path segments of its routes, not its middleware's wildcards; the rest is Next.js's", () => {
    const api = new Hono();
    api.use("*", async (_c, next) => next());
    api.get("/api/v1/health", (c) => c.text("ok"));
    api.get("/docs", (c) => c.html("docs"));
    api.get("/docs/assets/:file", (c) => c.text("asset"));
    api.get("/:anything", (c) => c.text("never claimed"));
    const servedByApi = apiAppPaths(api);
    for (const url of ["/api/v1/health", "/api/trpc/x?batch=1", "/api", "/docs", "/docs?x=1", "/docs/assets/swagger-ui.css"]) {
      expect(servedByApi(url), url).toBe(true);
    }
    for (const url of ["/", "/pools/batch", "/documents", "/_next/static/a.js", "/apis", "/?docs"]) {
      expect(servedByApi(url), url).toBe(false);
    }
  });

  it("only /api/ paths take request bodies", () => {
    expect(isApiPath("/api/v1/tasks")).toBe(true);
    expect(isApiPath("/docs")).toBe(false);
    expect(isApiPath("/apiary")).toBe(false);
  });
});
