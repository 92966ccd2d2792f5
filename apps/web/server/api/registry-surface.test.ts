import { readdirSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createTrpcRouter } from "@switchyard/api";
import { operations, type AnyOperation } from "@switchyard/core";
import { roleHasPermission, TOKEN_ROLES, type TokenRole } from "@switchyard/shared";
import { startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";

/**
 * The registry is the API: REST, tRPC and the OpenAPI document expose exactly its operations,
 * each behind its permission. Checked against the running server, role by role.
 */
let p: TestPlatform;
const tokens = new Map<TokenRole, string>();

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl"), rateLimit: { requests: 0, windowSeconds: 1 } });
  const db = await p.openDb();
  for (const role of TOKEN_ROLES) tokens.set(role, (await db.tokens.create({ name: `surface ${role}`, role })).token);
});
afterAll(async () => {
  await p?.close();
});

interface OpenApiDoc {
  paths: Record<string, Record<string, { operationId: string; "x-permission": string; "x-sensitive": boolean; security: unknown[] }>>;
}

/** A path for the route with placeholder parameters (valid for their schemas, so only the query is wrong). */
function samplePath(op: AnyOperation): string {
  const values: Record<string, string> = { id: "0Mx3kHq2vB8cW1yZ4nT7aE", name: "maintenance" };
  return `/api/v1${op.rest.path.replace(/\{(\w+)\}/g, (_, k: string) => (k === "name" && op.name.includes("fault") ? "drill" : (values[k] ?? k)))}`;
}

describe("the operation registry", () => {
  it("has one file per operation, named for it (verb-noun), and unique names and routes", () => {
    const dir = join(import.meta.dirname, "../../../../packages/core/src/operations");
    const files = readdirSync(dir)
      .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
      .map((f) => f.replace(/\.ts$/, ""));
    expect(files.sort()).toEqual(operations.map((o) => o.name).sort());
    for (const op of operations) expect(op.name).toMatch(/^[a-z]+(-[a-z]+)+$/);
    const routes = operations.map((o) => `${o.rest.method} ${o.rest.path}`);
    expect(new Set(routes).size).toBe(routes.length);
    const paths = operations.map((o) => o.trpc);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it("the served OpenAPI document lists exactly the registry's routes, each with its permission", async () => {
    const res = await p.api("/api/v1/openapi.json", { token: null });
    expect(res.status).toBe(200);
    const doc = (await res.json()) as OpenApiDoc;
    const documented = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, o]) => ({ key: `${method} ${path}`, o })),
    );
    expect(documented.map((d) => d.key).sort()).toEqual(operations.map((o) => `${o.rest.method} /api/v1${o.rest.path}`).sort());
    for (const op of operations) {
      const o = doc.paths[`/api/v1${op.rest.path}`]?.[op.rest.method];
      expect(o?.operationId).toBe(op.name);
      expect(o?.["x-permission"]).toBe(op.permission);
      expect(o?.["x-sensitive"]).toBe(op.sensitive);
      expect(o?.security, op.name).toEqual(op.permission === "public" ? [] : [{ bearerAuth: [] }]);
    }
  });

  it("the tRPC router has exactly one procedure per operation, of the operation's kind", () => {
    // The generated router's procedures as "group.name" → kind, read from tRPC's own definition.
    const defined = createTrpcRouter(operations)._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    const procedures = Object.fromEntries(Object.entries(defined).map(([path, proc]) => [path, proc._def.type]));
    expect(Object.keys(procedures).sort()).toEqual(operations.map((o) => o.trpc).sort());
    for (const op of operations) expect(procedures[op.trpc], op.trpc).toBe(op.kind);
  });

  it("REST: every route needs its permission (401 without a token, 403 for roles without it), then names an unknown query parameter", async () => {
    for (const op of operations) {
      const url = `${samplePath(op)}?zz=1`;
      const init = { method: op.rest.method.toUpperCase(), ...(op.rest.method === "get" || op.rest.method === "delete" ? {} : { body: "{}" }) };
      if (op.permission !== "public") {
        expect((await p.api(url, { ...init, token: null })).status, `${op.name} without token`).toBe(401);
      }
      for (const role of TOKEN_ROLES) {
        const res = await p.api(url, { ...init, token: tokens.get(role) ?? null });
        const allowed = op.permission === "public" || roleHasPermission(role, op.permission);
        const body = (await res.json()) as { error?: { code: string; issues?: Array<{ path: string }> } };
        if (allowed) {
          expect(res.status, `${op.name} as ${role}`).toBe(400);
          expect(JSON.stringify(body.error?.issues), `${op.name} names the parameter`).toContain("zz");
        } else {
          expect(res.status, `${op.name} as ${role}`).toBe(403);
        }
      }
    }
  });

  it("tRPC: every procedure needs the same permission, checked before its input", async () => {
    for (const op of operations) {
      const input = JSON.stringify({ zz: 1 });
      for (const role of [null, ...TOKEN_ROLES] as const) {
        const token = role ? (tokens.get(role) ?? null) : null;
        const res =
          op.kind === "query"
            ? await p.api(`/api/trpc/${op.trpc}?input=${encodeURIComponent(input)}`, { token })
            : await p.api(`/api/trpc/${op.trpc}`, { method: "POST", body: input, token });
        const allowed = op.permission === "public" || (role !== null && roleHasPermission(role, op.permission));
        const expected = allowed ? 400 : role === null ? 401 : 403;
        expect(res.status, `${op.trpc} as ${role ?? "nobody"}`).toBe(expected);
      }
    }
  });
});
