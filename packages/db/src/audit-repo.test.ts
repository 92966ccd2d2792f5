import { execFile } from "node:child_process";
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { AuditLog, loadOrCreateAuditKey, sealEntry, type AuditEntry, type AuditKey } from "@switchyard/audit";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DIALECTS, SERVER_START_TIMEOUT_MS, type TestDatabaseServer } from "../test-support/dialects.js";
import { rawQuery } from "../test-support/raw-query.js";
import { createDatabase, type Database } from "./index.js";

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));
const childScript = fileURLToPath(new URL("../test-support/audit-append-child.ts", import.meta.url));
const verifyScript = fileURLToPath(new URL("../../audit/verify-export.mjs", import.meta.url));
const ORIGIN = "test/audit";

describe.each(DIALECTS)("audit log storage ($kind)", ({ kind, start }) => {
  let server: TestDatabaseServer;
  let url: string;
  let db: Database;
  let dir: string;
  let key: AuditKey;
  let log: AuditLog;
  /** Placeholders for raw SQL: ? on SQLite, $n on PostgreSQL. */
  const p = (n: number) => (kind === "sqlite" ? "?" : `$${n}`);
  const sql = (text: string, params: unknown[] = []) => rawQuery(url, text, params);
  /** What an attacker with file or superuser access does first. */
  const dropTriggers = async () => {
    if (kind === "sqlite") {
      for (const t of ["audit_entries_no_update", "audit_entries_no_delete", "audit_checkpoints_no_update", "audit_checkpoints_no_delete"]) {
        await sql(`DROP TRIGGER ${t}`);
      }
    } else {
      await sql("ALTER TABLE audit_entries DISABLE TRIGGER USER");
      await sql("ALTER TABLE audit_checkpoints DISABLE TRIGGER USER");
    }
  };
  const append = (action: string, extra: Partial<Parameters<AuditLog["append"]>[0]> = {}) =>
    log.append({ actor: { type: "user", id: "u1", name: "ada" }, action, target: `pool ${action}`, outcome: "allowed", ...extra });

  beforeAll(async () => {
    server = await start();
    dir = mkdtempSync(join(tmpdir(), "sy-audit-key-"));
    key = loadOrCreateAuditKey(join(dir, "audit-key.pem"));
  }, SERVER_START_TIMEOUT_MS);
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server?.stop();
  });
  beforeEach(async () => {
    url = await server.createDatabase();
    db = await createDatabase(url);
    await db.migrate();
    log = new AuditLog({ store: db.audit, key, origin: ORIGIN, checkpointEvery: 1_000_000 });
  });
  afterEach(() => db?.close());

  it("appends a chain, redacts secrets, and lists newest first with filters and a cursor", async () => {
    const a = await append("pools.pause", { input: { pool: "bulk", password: "hunter2", nested: { apiKey: "k" } } });
    const b = await append("tokens.create", { actor: { type: "token", id: "t1", name: "ci" }, target: "token t9 (deploy)", outcome: "denied_role" });
    const c = await append("pools.resume", { clientAddress: "127.0.0.1", userAgent: "vitest", requestId: "r1" });
    expect([a.seq, b.seq, c.seq]).toEqual([1, 2, 3]);
    expect(a.prevHash).toBe("0".repeat(64));
    expect(b.prevHash).toBe(a.hash);
    expect(c.prevHash).toBe(b.hash);
    expect(a.input).toEqual({ pool: "bulk", password: "[redacted]", nested: { apiKey: "[redacted]" } });
    const raw = JSON.stringify(await sql("SELECT * FROM audit_entries"));
    expect(raw).not.toContain("hunter2");

    const page1 = await db.audit.list({ limit: 2 });
    expect(page1.entries.map((e) => e.seq)).toEqual([3, 2]);
    expect(page1.nextCursor).not.toBeNull();
    const page2 = await db.audit.list({ limit: 2, cursor: page1.nextCursor ?? "" });
    expect(page2.entries.map((e) => e.seq)).toEqual([1]);
    expect(page2.nextCursor).toBeNull();
    await expect(db.audit.list({ limit: 2, cursor: "abc" })).rejects.toMatchObject({ code: "VALIDATION", issues: [{ path: "cursor" }] });
    expect((await db.audit.list({ limit: 10, actor: "ci" })).entries.map((e) => e.id)).toEqual([b.id]);
    expect((await db.audit.list({ limit: 10, actor: "u1" })).entries.map((e) => e.id)).toEqual([c.id, a.id]);
    expect((await db.audit.list({ limit: 10, action: "pools.pause" })).entries.map((e) => e.id)).toEqual([a.id]);
    expect((await db.audit.list({ limit: 10, target: "t9" })).entries.map((e) => e.id)).toEqual([b.id]);
    expect((await db.audit.list({ limit: 10, outcome: "denied_role" })).entries.map((e) => e.id)).toEqual([b.id]);
    expect((await db.audit.list({ limit: 10, from: new Date(Date.now() + 60_000) })).entries).toEqual([]);
    expect((await db.audit.list({ limit: 10, to: new Date(Date.now() + 60_000) })).entries).toHaveLength(3);
    expect(await db.audit.get(c.id)).toEqual(c);
    expect(await db.audit.get("nope")).toBeNull();
    expect(await db.audit.tail()).toEqual(c);

    expect(await log.checkpoint()).toMatchObject({ size: 3 });
    expect(await log.checkpoint()).toBeNull();
    expect(await log.verify()).toMatchObject({ ok: true, checkedEntries: 3, lastCheckpoint: { size: 3 } });
  });

  it("signs a checkpoint every N entries and the unsigned rest on close", async () => {
    const every = new AuditLog({ store: db.audit, key, origin: ORIGIN, checkpointEvery: 3 });
    for (let i = 0; i < 7; i++) await every.append({ actor: { type: "system", id: null, name: null }, action: "tick", outcome: "allowed" });
    await every.close();
    const sizes = (await db.audit.listCheckpoints()).map((c) => c.size);
    expect(sizes.length).toBeGreaterThanOrEqual(2);
    expect(sizes.at(-1)).toBe(7);
    expect([...sizes].sort((a, b) => a - b)).toEqual(sizes);
    expect(await log.verify()).toMatchObject({ ok: true, checkedEntries: 7, lastCheckpoint: { size: 7 } });
  });

  it("refuses UPDATE and DELETE of audit rows and checkpoints at the database level", async () => {
    await append("a");
    await log.checkpoint();
    await expect(sql(`UPDATE audit_entries SET action = 'x'`)).rejects.toThrow(/append-only/);
    await expect(sql(`DELETE FROM audit_entries`)).rejects.toThrow(/append-only/);
    await expect(sql(`UPDATE audit_checkpoints SET size = 5`)).rejects.toThrow(/append-only/);
    await expect(sql(`DELETE FROM audit_checkpoints`)).rejects.toThrow(/append-only/);
    if (kind === "postgres") await expect(sql("TRUNCATE audit_entries")).rejects.toThrow(/append-only/);
    expect(await sql("SELECT action FROM audit_entries")).toEqual([{ action: "a" }]);
    expect(await log.verify()).toMatchObject({ ok: true, checkedEntries: 1 });
  });

  /** 10 entries; signed checkpoints at sizes 2 and 6. */
  async function seed(): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for (let i = 1; i <= 10; i++) {
      entries.push(await append(`action.${i}`, { input: { i } }));
      if (i === 2 || i === 6) await log.checkpoint();
    }
    expect(await log.verify()).toMatchObject({ ok: true, checkedEntries: 10, lastCheckpoint: { size: 6 } });
    await dropTriggers();
    return entries;
  }
  const at = (entries: AuditEntry[], seq: number) => entries[seq - 1] as AuditEntry;
  /** Sets seq of the rows >= from to seq + by, in two steps so UNIQUE(seq) holds throughout. */
  const shift = async (from: number, by: number) => {
    await sql(`UPDATE audit_entries SET seq = seq + 1000000 WHERE seq >= ${p(1)}`, [from]);
    await sql(`UPDATE audit_entries SET seq = seq - 1000000 + ${p(1)} WHERE seq >= 1000000`, [by]);
  };
  const insertRow = async (e: AuditEntry) => {
    const cols = ["id", "seq", "time", "actorType", "actorId", "actorName", "action", "target", "inputDigest", "input", "outcome", "reason", "clientAddress", "userAgent", "requestId", "prevHash", "hash"];
    const time = kind === "sqlite" ? e.time.replace("Z", "+00:00") : e.time;
    const values = [e.id, e.seq, time, e.actor.type, e.actor.id, e.actor.name, e.action, e.target, e.inputDigest, e.input === null ? null : JSON.stringify(e.input), e.outcome, e.reason, e.clientAddress, e.userAgent, e.requestId, e.prevHash, e.hash];
    await sql(`INSERT INTO audit_entries (${cols.map((c) => `"${c}"`).join(", ")}) VALUES (${cols.map((_, i) => p(i + 1)).join(", ")})`, values);
  };

  it("names a modified row", async () => {
    const entries = await seed();
    await sql(`UPDATE audit_entries SET action = 'innocent' WHERE seq = 3`);
    expect((await log.verify()).firstBad).toMatchObject({ id: at(entries, 3).id, kind: "entry", seq: 3 });
  });

  it("names a modified row whose hash was recomputed (the next entry no longer chains to it)", async () => {
    const entries = await seed();
    const forged = sealEntry({ seq: 7, hash: at(entries, 8).prevHash }, { ...at(entries, 8), action: "innocent" });
    await sql(`UPDATE audit_entries SET action = 'innocent', hash = ${p(1)} WHERE seq = 8`, [forged.hash]);
    const result = await log.verify();
    expect(result).toMatchObject({ ok: false, checkedEntries: 7, firstBad: { id: at(entries, 8).id, kind: "entry", seq: 8 } });
  });

  it("names the entry after a deleted row", async () => {
    const entries = await seed();
    await sql(`DELETE FROM audit_entries WHERE seq = 4`);
    const result = await log.verify();
    expect(result.firstBad).toMatchObject({ id: at(entries, 5).id, kind: "entry", seq: 5 });
    expect(result.firstBad?.reason).toMatch(/entry 4 is missing/);
  });

  it("names an inserted row, even one with a correctly computed hash", async () => {
    const entries = await seed();
    await shift(3, 1);
    const forged = sealEntry({ seq: 2, hash: at(entries, 2).hash }, { ...at(entries, 3), id: "forged-entry", action: "cover.up" });
    await insertRow(forged);
    const result = await log.verify();
    expect(result.firstBad).toMatchObject({ id: "forged-entry", kind: "entry", seq: 3 });
    expect(result.firstBad?.reason).toMatch(/inserted/);
  });

  it("names a reordered row", async () => {
    const entries = await seed();
    await sql(`UPDATE audit_entries SET seq = 1000 WHERE seq = 4`);
    await sql(`UPDATE audit_entries SET seq = 4 WHERE seq = 5`);
    await sql(`UPDATE audit_entries SET seq = 5 WHERE seq = 1000`);
    expect((await log.verify()).firstBad).toMatchObject({ id: at(entries, 5).id, kind: "entry", seq: 4 });
  });

  it("names the first entry after the last matching checkpoint when a suffix is rewritten with recomputed hashes", async () => {
    const entries = await seed();
    await sql(`DELETE FROM audit_entries WHERE seq >= 4`);
    let prev = { seq: 3, hash: at(entries, 3).hash };
    for (let seq = 4; seq <= 10; seq++) {
      const e = sealEntry(prev, { ...at(entries, seq), target: "rewritten" });
      await insertRow(e);
      prev = e;
    }
    const result = await log.verify();
    expect(result).toMatchObject({ ok: false, lastCheckpoint: { size: 2 }, firstBad: { id: at(entries, 3).id, kind: "entry", seq: 3 } });
  });

  it("names a truncated tail (a signed checkpoint larger than the log)", async () => {
    const entries = await seed();
    await sql(`DELETE FROM audit_entries WHERE seq >= 5`);
    const checkpoints = await db.audit.listCheckpoints();
    const result = await log.verify();
    expect(result.firstBad).toMatchObject({ id: checkpoints[1]?.id, kind: "checkpoint", seq: 5 });
    expect(result.checkedEntries).toBe(4);
    expect(at(entries, 5).seq).toBe(5);
  });

  it("names a forged checkpoint", async () => {
    await seed();
    const [first] = await db.audit.listCheckpoints();
    if (!first) throw new Error("no checkpoint");
    const lines = first.note.split("\n");
    lines[1] = "1";
    await sql(`UPDATE audit_checkpoints SET note = ${p(1)} WHERE id = ${p(2)}`, [lines.join("\n"), first.id]);
    expect((await log.verify()).firstBad).toMatchObject({ id: first.id, kind: "checkpoint" });
    // A checkpoint signed with another key is refused as well.
    const other = loadOrCreateAuditKey(join(dir, `other-${kind}.pem`));
    const impostor = new AuditLog({ store: db.audit, key: other, origin: ORIGIN });
    await append("after");
    await sql(`UPDATE audit_checkpoints SET note = ${p(1)} WHERE id = ${p(2)}`, [first.note, first.id]);
    const signed = await impostor.checkpoint().catch((err: unknown) => err);
    expect(signed).toBeInstanceOf(Error); // it will not even sign: the real checkpoints fail its key
  });

  it("refuses to sign a checkpoint over a tampered log", async () => {
    await seed();
    await sql(`UPDATE audit_entries SET action = 'innocent' WHERE seq = 9`);
    const fresh = new AuditLog({ store: db.audit, key, origin: ORIGIN });
    await expect(fresh.checkpoint()).rejects.toThrow(/integrity/);
    expect(await db.audit.listCheckpoints()).toHaveLength(2);
  });

  it("exports JSON Lines that the standalone script verifies, with inclusion and consistency proofs, and rejects when tampered", async () => {
    const entries = await seed();
    const lines: string[] = [];
    for await (const line of log.exportLines()) lines.push(line);
    const file = join(dir, `export-${kind}.jsonl`);
    writeFileSync(file, lines.join(""));
    const keyFile = join(dir, `public-${kind}.pem`);
    writeFileSync(keyFile, key.publicKeyPem);
    // A copy alone in a folder of its own: the script needs nothing but Node.
    const standalone = join(mkdtempSync(join(dir, "reviewer-")), "verify-export.mjs");
    copyFileSync(verifyScript, standalone);
    const ok = await run(process.execPath, [standalone, file, "--public-key", keyFile, "--inclusion", "3", "--consistency", "2", "6"]);
    expect(ok.stdout).toMatch(/OK: +10 entries verified/);
    expect(ok.stdout).toMatch(/inclusion: +OK entry 3/);
    expect(ok.stdout).toMatch(/consistency: +OK/);

    const tampered = lines.map((l) => (l.includes(`"id":"${at(entries, 5).id}"`) ? l.replace('"outcome":"allowed"', '"outcome":"failed"') : l));
    writeFileSync(file, tampered.join(""));
    const bad = await run(process.execPath, [standalone, file, "--public-key", keyFile]).catch((err: { code: number; stdout: string }) => err);
    expect(bad).toMatchObject({ code: 1 });
    expect((bad as { stdout: string }).stdout).toContain(`FAIL:        first bad entry ${at(entries, 5).id} (seq 5)`);
  });

  it("keeps one unbroken chain with two processes appending at once", async () => {
    const keyPath = join(dir, "audit-key.pem");
    const child = (name: string) => run(process.execPath, ["--import", "tsx", childScript, url, "120", name, keyPath], { cwd: repoRoot });
    await Promise.all([child("left"), child("right")]);
    const all: AuditEntry[] = [];
    for await (const e of db.audit.iterate()) all.push(e);
    expect(all.map((e) => e.seq)).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
    expect(all.filter((e) => e.actor.id === "left")).toHaveLength(120);
    expect(all.filter((e) => e.actor.id === "right")).toHaveLength(120);
    const result = await log.verify();
    expect(result).toMatchObject({ ok: true, checkedEntries: 240 });
    expect(result.lastCheckpoint?.size).toBeGreaterThanOrEqual(200);
  }, 120_000);
});
