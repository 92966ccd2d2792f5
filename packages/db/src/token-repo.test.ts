import { createHash } from "node:crypto";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DIALECTS, SERVER_START_TIMEOUT_MS, type TestDatabaseServer } from "../test-support/dialects.js";
import { rawQuery } from "../test-support/raw-query.js";
import { createDatabase, TOKEN_ROLES, type Database } from "./index.js";

describe.each(DIALECTS)("API tokens ($kind)", ({ kind, start }) => {
  let server: TestDatabaseServer;
  let url: string;
  let db: Database;
  beforeAll(async () => {
    server = await start();
  }, SERVER_START_TIMEOUT_MS);
  afterAll(() => server?.stop());
  beforeEach(async () => {
    url = await server.createDatabase();
    db = await createDatabase(url);
    await db.migrate();
  });
  afterEach(() => db?.close());

  it("creates a token that verifies to its record", async () => {
    expect(await db.tokens.count()).toBe(0);
    const before = Date.now();
    const { token, record } = await db.tokens.create({ name: "ci", role: "submitter" });
    expect(token).toMatch(/^sy_[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({ name: "ci", role: "submitter", prefix: token.slice(0, 11), lastUsedAt: null, revokedAt: null });
    expect(record.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1);
    const verified = await db.tokens.verify(token);
    expect(verified).toMatchObject({ ...record, lastUsedAt: expect.any(Date) });
    expect(await db.tokens.count()).toBe(1);
  });

  it("never stores the plaintext token, only its sha256", async () => {
    const { token, record } = await db.tokens.create({ name: "secret-check", role: "admin" });
    const rows = await rawQuery(url, "SELECT * FROM api_tokens");
    expect(rows).toHaveLength(1);
    const stored = JSON.stringify(rows);
    const secret = token.slice("sy_".length);
    expect(stored).not.toContain(token);
    // No long run of the secret either (the display prefix holds its first 8 characters).
    for (let i = 8; i + 16 <= secret.length; i++) expect(stored).not.toContain(secret.slice(i, i + 16));
    expect(rows[0]?.tokenHash).toBe(createHash("sha256").update(token).digest("hex"));
    expect(rows[0]?.prefix).toBe(record.prefix);
  });

  it("rejects unknown, malformed and revoked tokens", async () => {
    const { token, record } = await db.tokens.create({ name: "ops", role: "operator" });
    const other = (await db.tokens.create({ name: "other", role: "viewer" })).token;
    expect(await db.tokens.verify("")).toBeNull();
    expect(await db.tokens.verify("sy_short")).toBeNull();
    expect(await db.tokens.verify(`${token.slice(0, -1)}${token.endsWith("A") ? "B" : "A"}`)).toBeNull();
    expect(await db.tokens.verify(`sy_${"A".repeat(43)}`)).toBeNull();
    expect(await db.tokens.revoke(record.id)).toBe(true);
    expect(await db.tokens.verify(token)).toBeNull();
    expect(await db.tokens.revoke(record.id)).toBe(false);
    expect(await db.tokens.revoke("no-such-id")).toBe(false);
    expect((await db.tokens.verify(other))?.name).toBe("other");
    // Revoked tokens stay listed (with when) and counted.
    const listed = await db.tokens.list();
    expect(listed.find((t) => t.id === record.id)?.revokedAt).toBeInstanceOf(Date);
    expect(await db.tokens.count()).toBe(2);
  });

  it("updates lastUsedAt at most once a minute", async () => {
    const { token, record } = await db.tokens.create({ name: "busy", role: "viewer" });
    const first = (await db.tokens.verify(token))?.lastUsedAt;
    expect(first).toBeInstanceOf(Date);
    await new Promise((r) => setTimeout(r, 20));
    expect((await db.tokens.verify(token))?.lastUsedAt).toEqual(first);
    // Two minutes later (moved back in the database rather than waiting).
    const old = new Date(Date.now() - 120_000);
    await rawQuery(
      url,
      kind === "sqlite"
        ? `UPDATE api_tokens SET "lastUsedAt" = ? WHERE id = ?`
        : `UPDATE api_tokens SET "lastUsedAt" = $1 WHERE id = $2`,
      [kind === "sqlite" ? old.toISOString().replace("Z", "+00:00") : old.toISOString(), record.id],
    );
    const later = (await db.tokens.verify(token))?.lastUsedAt;
    expect(later?.getTime()).toBeGreaterThanOrEqual(first?.getTime() ?? Number.POSITIVE_INFINITY);
    expect((await db.tokens.list())[0]?.lastUsedAt).toEqual(later);
  });

  it("lists every role, newest first", async () => {
    for (const role of TOKEN_ROLES) await db.tokens.create({ name: `${role}-token`, role });
    const listed = await db.tokens.list();
    expect(listed.map((t) => t.role)).toEqual([...TOKEN_ROLES].reverse());
    expect(listed.every((t) => !("tokenHash" in t))).toBe(true);
  });

  it("refuses a role it does not know", async () => {
    // @ts-expect-error: a caller outside TypeScript's reach
    await expect(db.tokens.create({ name: "x", role: "root" })).rejects.toThrow(/role/);
  });
});
