import { Validator } from "@seriousme/openapi-schema-validator";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";

let p: TestPlatform;
beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
});
afterAll(async () => {
  await p?.close();
});

describe("OpenAPI document and docs page", () => {
  it("serves an OpenAPI 3.1 document that passes the 3.1 schema validator", async () => {
    const res = await p.api("/api/v1/openapi.json", { token: null });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as { openapi: string; components: { securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toBe("3.1.0");
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Parameters<Validator["validate"]>[0]);
    expect(validator.version).toBe("3.1");
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(doc.components.securitySchemes["bearerAuth"]).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("documents request and error schemas with examples", async () => {
    const doc = (await (await p.api("/api/v1/openapi.json", { token: null })).json()) as {
      paths: Record<string, Record<string, { requestBody?: { content: Record<string, { schema: unknown; example?: unknown }> }; responses: Record<string, unknown> }>>;
    };
    const submit = doc.paths["/api/v1/tasks"]?.["post"];
    expect(submit?.requestBody?.content["application/json"]?.example).toMatchObject({ type: "diagnostic.sleep" });
    expect(Object.keys(submit?.responses ?? {})).toEqual(expect.arrayContaining(["202", "400", "401", "403", "413", "429"]));
    expect(JSON.stringify(submit?.responses["400"])).toContain("#/components/schemas/Error");
  });

  it("serves /docs and its assets from our own origin only", async () => {
    const page = await p.api("/docs", { token: null });
    expect(page.status).toBe(200);
    const html = await page.text();
    // Every script and stylesheet is a same-origin path; nothing points at another host.
    const refs = [...html.matchAll(/(?:src|href)="([^"#]+)"/g)].map((m) => m[1] ?? "");
    expect(refs.length).toBeGreaterThan(2);
    for (const ref of refs) expect(ref, ref).toMatch(/^\/(?!\/)/);
    expect(html).not.toMatch(/https?:\/\//);
    for (const ref of refs.filter((r) => r.startsWith("/docs/assets/"))) {
      const asset = await p.api(ref, { token: null });
      expect(asset.status, ref).toBe(200);
      expect((await asset.arrayBuffer()).byteLength, ref).toBeGreaterThan(10);
    }
    const init = await (await p.api("/docs/assets/init.js", { token: null })).text();
    expect(init).toContain("/api/v1/openapi.json");
    expect((await p.api("/docs/assets/../../package.json", { token: null })).status).toBe(404);
  });
});
