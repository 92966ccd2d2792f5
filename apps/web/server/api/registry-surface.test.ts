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
/** Per role: a plain token and one with the `sensitive` scope. */
const tokens = new Map<TokenRole, string>();
const sensitiveTokens = new Map<TokenRole, string>();

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl"), rateLimit: { requests: 0, windowSeconds: 1 } });
  const db = await p.openDb();
  for (const role of TOKEN_ROLES) {
    tokens.set(role, (await db.tokens.create({ name: `surface ${role}`, role })).token);
    sensitiveTokens.set(role, (await db.tokens.create({ name: `surface ${role} sensitive`, role, scopes: ["sensitive"] })).token);
  }
});

type Verdict = "allowed" | "unauthenticated" | "forbidden" | "mfa_required";

/** The table the registry implies: what each role (with or without the sensitive scope) may do. */
function verdict(op: AnyOperation, role: TokenRole | null, sensitiveScope: boolean): Verdict {
  if (op.permission === "public") return "allowed";
  if (role === null) return "unauthenticated";
  if (op.permission !== "authenticated" && !roleHasPermission(role, op.permission)) return "forbidden";
  if (op.sensitive && !sensitiveScope) return "mfa_required";
  return "allowed";
}

const STATUS: Record<Verdict, number> = { allowed: 400, unauthenticated: 401, forbidden: 403, mfa_required: 403 };
const CODE: Record<Verdict, string> = { allowed: "VALIDATION", unauthenticated: "UNAUTHORIZED", forbidden: "FORBIDDEN", mfa_required: "MFA_REQUIRED" };

/** Every role, each with and without the sensitive scope, and nobody. */
const CALLERS = [
  { role: null, scope: false },
  ...TOKEN_ROLES.flatMap((role) => [
    { role, scope: false },
    { role, scope: true },
  ]),
] as const;

function tokenFor(role: TokenRole | null, scope: boolean): string | null {
  if (!role) return null;
  return (scope ? sensitiveTokens : tokens).get(role) ?? null;
}
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
      expect(o?.security, op.name).toEqual(op.permission === "public" ? [] : [{ bearerAuth: [] }, { sessionCookie: [] }]);
    }
  });

  it("the tRPC router has exactly one procedure per operation, of the operation's kind", () => {
    // The generated router's procedures as "group.name" → kind, read from tRPC's own definition.
    const defined = createTrpcRouter(operations)._def.procedures as unknown as Record<string, { _def: { type: string } }>;
    const procedures = Object.fromEntries(Object.entries(defined).map(([path, proc]) => [path, proc._def.type]));
    expect(Object.keys(procedures).sort()).toEqual(operations.map((o) => o.trpc).sort());
    for (const op of operations) expect(procedures[op.trpc], op.trpc).toBe(op.kind);
  });

  it("REST: every operation × every role (with and without the sensitive scope) is allowed or refused as the table says", async () => {
    for (const op of operations) {
      const url = `${samplePath(op)}?zz=1`;
      const init = { method: op.rest.method.toUpperCase(), ...(op.rest.method === "get" || op.rest.method === "delete" ? {} : { body: "{}" }) };
      for (const { role, scope } of CALLERS) {
        const res = await p.api(url, { ...init, token: tokenFor(role, scope) });
        const want = verdict(op, role, scope);
        const body = (await res.json()) as { error?: { code: string; issues?: Array<{ path: string }> } };
        const who = `${op.name} as ${role ?? "nobody"}${scope ? "+sensitive" : ""}`;
        expect(res.status, who).toBe(STATUS[want]);
        expect(body.error?.code, who).toBe(CODE[want]);
        // Allowed: the gate let it through to validation, which names the unknown parameter.
        if (want === "allowed") expect(JSON.stringify(body.error?.issues), `${op.name} names the parameter`).toContain("zz");
      }
    }
  });

  it("tRPC: every procedure applies the same table, before its input", async () => {
    for (const op of operations) {
      const input = JSON.stringify({ zz: 1 });
      for (const { role, scope } of CALLERS) {
        const token = tokenFor(role, scope);
        const res =
          op.kind === "query"
            ? await p.api(`/api/trpc/${op.trpc}?input=${encodeURIComponent(input)}`, { token })
            : await p.api(`/api/trpc/${op.trpc}`, { method: "POST", body: input, token });
        const want = verdict(op, role, scope);
        const body = (await res.json()) as { error?: { data?: { appCode?: string } } };
        const who = `${op.trpc} as ${role ?? "nobody"}${scope ? "+sensitive" : ""}`;
        expect(res.status, who).toBe(STATUS[want]);
        if (want === "mfa_required") expect(body.error?.data?.appCode, who).toBe("MFA_REQUIRED");
      }
    }
  });
});
