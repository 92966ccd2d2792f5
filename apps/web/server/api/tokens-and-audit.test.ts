import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";
import { io } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { operations } from "@switchyard/core";
import { startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";

const run = promisify(execFile);
const VERIFY_SCRIPT = join(import.meta.dirname, "../../../../packages/audit/verify-export.mjs");

/** API tokens managed through the API, revocation everywhere at once, and the audit trail of it all. */
let p: TestPlatform;

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl"), rateLimit: { requests: 0, windowSeconds: 1 }, auditCheckpointEvery: 5 });
});
afterAll(async () => {
  await p?.close();
});

function post(body: unknown, token?: string): RequestInit & { token?: string } {
  return { method: "POST", body: JSON.stringify(body), ...(token ? { token } : {}) };
}

interface Created {
  id: string;
  token: string;
  name: string;
  role: string;
  prefix: string;
  scopes: string[];
}

describe("API tokens", () => {
  it("creates a token shown once, lists it without the secret, and revokes it", async () => {
    const res = await p.api("/api/v1/tokens", post({ name: "ci", role: "submitter", expiresAt: new Date(Date.now() + 86_400_000).toISOString() }));
    expect(res.status).toBe(201);
    const created = (await res.json()) as Created;
    expect(created.token.startsWith(created.prefix)).toBe(true);
    // The new token works, with its role's permissions.
    expect((await p.api("/api/v1/tasks?limit=1", { token: created.token })).status).toBe(200);
    expect((await p.api("/api/v1/pools/maintenance", { method: "PATCH", body: JSON.stringify({ state: "paused" }), token: created.token })).status).toBe(403);

    const listed = (await (await p.api("/api/v1/tokens?all=true")).json()) as { tokens: Array<Record<string, unknown>> };
    const row = listed.tokens.find((t) => t["id"] === created.id);
    expect(row?.["prefix"]).toBe(created.prefix);
    expect(JSON.stringify(listed)).not.toContain(created.token);

    const revoked = await p.api(`/api/v1/tokens/${created.id}`, { method: "DELETE" });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { revokedAt: string | null }).revokedAt).not.toBeNull();
    // Within the second: the very next request is refused (no cached answer survives a revocation).
    expect((await p.api("/api/v1/tasks?limit=1", { token: created.token })).status).toBe(401);
  });

  it("never creates a token above its maker's role, and only a sensitive maker grants the sensitive scope", async () => {
    const operator = (await (await p.api("/api/v1/tokens", post({ name: "op", role: "operator", scopes: ["sensitive"] }))).json()) as Created;
    const above = await p.api("/api/v1/tokens", post({ name: "escalate", role: "admin" }, operator.token));
    expect(above.status).toBe(403);
    const plainOp = (await (await p.api("/api/v1/tokens", post({ name: "op-plain", role: "operator" }))).json()) as Created;
    // Creating a token is itself sensitive: a plain operator token may not.
    const fromPlain = await p.api("/api/v1/tokens", post({ name: "x", role: "viewer" }, plainOp.token));
    expect(((await fromPlain.json()) as { error: { code: string } }).error.code).toBe("MFA_REQUIRED");
    const bad = await p.api("/api/v1/tokens", post({ name: "", role: "root", expiresAt: "soon" }));
    expect(bad.status).toBe(400);
    const issues = ((await bad.json()) as { error: { issues: Array<{ path: string }> } }).error.issues.map((i) => i.path).sort();
    expect(issues).toEqual(["expiresAt", "name", "role"]);
    // Someone else's token is not found, not forbidden (ids leak nothing).
    const viewer = (await (await p.api("/api/v1/tokens", post({ name: "v", role: "viewer" }))).json()) as Created;
    expect((await p.api(`/api/v1/tokens/${operator.id}`, { method: "DELETE", token: viewer.token })).status).toBe(404);
  });

  it("disconnects an open socket of a revoked token", async () => {
    const created = (await (await p.api("/api/v1/tokens", post({ name: "live", role: "viewer" }))).json()) as Created;
    const socket = io(p.url, { auth: { token: created.token }, transports: ["websocket"], reconnection: false, forceNew: true });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.on("connect", resolve);
        socket.on("connect_error", reject);
      });
      const closed = new Promise<string>((resolve) => socket.on("disconnect", resolve));
      expect((await p.api(`/api/v1/tokens/${created.id}`, { method: "DELETE" })).status).toBe(200);
      expect(await closed).toBe("io server disconnect");
      // And it cannot come back.
      const again = io(p.url, { auth: { token: created.token }, transports: ["websocket"], reconnection: false, forceNew: true });
      const err = await new Promise<Error>((resolve) => again.on("connect_error", resolve));
      expect(err.message).toMatch(/unauthorized/);
      again.close();
    } finally {
      socket.close();
    }
  });
});

describe("the audit log", () => {
  it("records every sensitive operation with actor, readable target and outcome, and each refusal", async () => {
    const viewer = (await (await p.api("/api/v1/tokens", post({ name: "nosy", role: "viewer" }))).json()) as Created;
    expect((await p.api("/api/v1/pools/rag", { method: "PATCH", body: JSON.stringify({ concurrency: 3 }) })).status).toBe(200);
    expect((await p.api("/api/v1/pools/rag/reset", { method: "POST" })).status).toBe(200);
    expect((await p.api("/api/v1/faults/drill", { method: "PUT" })).status).toBe(200);
    expect((await p.api("/api/v1/pools/rag", { method: "PATCH", body: JSON.stringify({ state: "paused" }), token: viewer.token })).status).toBe(403);
    // A single task submission is not audited (the task history covers it).
    expect((await p.api("/api/v1/tasks", post({ type: "diagnostic.noop", payload: {} }))).status).toBe(202);
    // A bulk one is, as what was submitted (the payloads are in the history, under each task).
    const bulk = [
      { type: "diagnostic.noop", payload: {} },
      { type: "diagnostic.noop", payload: {}, priority: "high" },
      { type: "diagnostic.sleep", payload: { ms: 1 } },
    ];
    expect((await p.api("/api/v1/tasks/bulk", post({ tasks: bulk }))).status).toBe(202);

    const page = (await (await p.api("/api/v1/audit?limit=200")).json()) as {
      entries: Array<{ action: string; outcome: string; target: string | null; input: unknown; actor: { type: string; name: string | null } }>;
    };
    const byAction = (a: string) => page.entries.filter((e) => e.action === a);
    expect(byAction("update-pool").map((e) => `${e.outcome} ${e.target} ${e.actor.type}:${e.actor.name}`)).toEqual([
      "denied_role name=rag token:nosy",
      "allowed name=rag token:admin (first start)",
      // The first test's submitter token, refused.
      "denied_role name=maintenance token:ci",
    ]);
    expect(byAction("create-token")[0]?.target).toMatch(/^token \S+ "nosy" \(viewer\)$/);
    expect(byAction("reset-pool")).toHaveLength(1);
    expect(byAction("set-fault")).toHaveLength(1);
    expect(byAction("submit-task")).toHaveLength(0);
    expect(byAction("submit-tasks").map((e) => [e.target, e.input])).toEqual([
      ["3 tasks", { count: 3, types: { "diagnostic.noop": 2, "diagnostic.sleep": 1 }, priorities: { default: 2, high: 1 } }],
    ]);
    // Every sensitive operation of the registry is audited by default (none opted out).
    for (const op of operations) if (op.sensitive) expect(op.audit ?? true, op.name).toBe(true);
  });

  it("verifies, exports JSON Lines that the standalone script accepts, and publishes the public key", async () => {
    const verify = await p.api("/api/v1/audit/verify", post({}));
    const result = (await verify.json()) as { ok: boolean; checkedEntries: number };
    expect(result.ok).toBe(true);
    expect(result.checkedEntries).toBeGreaterThan(5);

    const key = (await (await p.api("/api/v1/audit/public-key", { token: null })).json()) as { algorithm: string; pem: string };
    expect(key.algorithm).toBe("Ed25519");

    const exported = await p.api("/api/v1/audit/export");
    expect(exported.status).toBe(200);
    expect(exported.headers.get("content-type")).toMatch(/^application\/x-ndjson/);
    const text = await exported.text();
    const lines = text.trimEnd().split("\n").map((l) => JSON.parse(l) as { type: string; publicKeyPem?: string });
    expect(lines[0]?.type).toBe("header");
    expect(lines[0]?.publicKeyPem).toBe(key.pem);
    expect(lines.some((l) => l.type === "checkpoint")).toBe(true);

    const file = join(p.dataDir, "export.jsonl");
    await writeFile(file, text);
    const ok = await run(process.execPath, [VERIFY_SCRIPT, file]);
    expect(ok.stdout).toMatch(/ok|verified/i);
    // One changed character in an entry: the script names it and fails.
    const tampered = text.replace(/"action":"reset-pool"/, '"action":"reset-poop"');
    expect(tampered).not.toBe(text);
    await writeFile(file, tampered);
    const failed = await run(process.execPath, [VERIFY_SCRIPT, file]).then(
      () => null,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(failed?.code).not.toBe(0);
  });
});
