/**
 * Audit log benchmark: appends/s with 1 writer, 8 concurrent async writers in one process, and
 * 2 processes × 4 writers, on SQLite (and PostgreSQL when its server binaries are installed or
 * TEST_DATABASE_URL names one); then the time to verify 100,000 entries (chain + Merkle tree
 * against a signed checkpoint) as AuditLog.verify() reads them from SQLite.
 * Usage: npm run bench -- audit [--n 2000] [--verify 100000] [--postgres auto|off]
 * Prints per-run figures, then one JSON line.
 */
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";
import BetterSqlite3 from "better-sqlite3";
import { AuditLog, canonicalJson, inputDigest, loadOrCreateAuditKey, sealEntry, type AuditEntry, type AuditKey } from "@switchyard/audit";
import { createDatabase } from "@switchyard/db";
import { startTestPostgres } from "@switchyard/db/test-support/postgres";

const run = promisify(execFile);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const { values } = parseArgs({
  options: {
    n: { type: "string", default: "2000" },
    verify: { type: "string", default: "100000" },
    postgres: { type: "string", default: "auto" },
    // Internal: run as one of the two appending processes.
    child: { type: "string" },
    writers: { type: "string", default: "4" },
    key: { type: "string" },
  },
});
const N = Number(values.n);
const ORIGIN = "bench/audit";

async function appendMany(url: string, key: AuditKey, count: number, writers: number): Promise<number> {
  const db = await createDatabase(url);
  const log = new AuditLog({ store: db.audit, key, origin: ORIGIN });
  try {
    // Warm up (JIT, connection, cached tail), untimed.
    for (let i = 0; i < 50; i++) await log.append(sampleInput(i));
    let next = 0;
    const started = performance.now();
    const writer = async () => {
      while (next < count) await log.append(sampleInput(next++));
    };
    await Promise.all(Array.from({ length: writers }, writer));
    return (performance.now() - started) / 1000;
  } finally {
    await log.close();
    await db.close();
  }
}

function sampleInput(i: number) {
  return {
    actor: { type: "user" as const, id: "u-1", name: "ada@example.com" },
    action: "pools.setConcurrency",
    target: `pool bulk (${i})`,
    input: { pool: "bulk", concurrency: 8, token: "sy_secret" },
    outcome: "allowed" as const,
    clientAddress: "127.0.0.1",
    userAgent: "bench",
    requestId: `req-${i}`,
  };
}

async function child(url: string): Promise<void> {
  const secs = await appendMany(url, loadOrCreateAuditKey(values.key ?? ""), N, Number(values.writers));
  console.log(JSON.stringify({ secs }));
}

async function benchDialect(kind: string, newUrl: () => Promise<string>, key: AuditKey, keyPath: string) {
  const one = N / (await appendMany(await newUrl(), key, N, 1));
  console.log(`${kind}: 1 writer: ${one.toFixed(0)} appends/s`);
  const eight = N / (await appendMany(await newUrl(), key, N, 8));
  console.log(`${kind}: 8 concurrent writers (one process): ${eight.toFixed(0)} appends/s`);
  const url = await newUrl();
  const db = await createDatabase(url);
  await db.migrate();
  await db.close();
  const child = async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", fileURLToPath(import.meta.url), "--child", url, "--n", String(N / 2), "--writers", "4", "--key", keyPath], { cwd: root });
    return (JSON.parse(stdout.trim().split("\n").at(-1) ?? "{}") as { secs: number }).secs;
  };
  const secs = await Promise.all([child(), child()]);
  // Both processes start their timed part after warming up; the slower one's window bounds the rate.
  const twoProc = N / Math.max(...secs);
  const check = await createDatabase(url);
  const verified = await new AuditLog({ store: check.audit, key, origin: ORIGIN }).verify();
  await check.close();
  if (!verified.ok || verified.checkedEntries !== N + 100) throw new Error(`two-process chain broken: ${JSON.stringify(verified)}`);
  console.log(`${kind}: 2 processes × 4 writers: ${twoProc.toFixed(0)} appends/s (slower process's timed window; chain verified: ${verified.checkedEntries} entries)`);
  return { one, eight, twoProc };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "sy-bench-audit-"));
  const keyPath = join(dir, "audit.pem");
  const key = loadOrCreateAuditKey(keyPath);
  const result: Record<string, number | string | null> = {};
  try {
    let n = 0;
    const sqliteUrl = async () => {
      const url = `file:${join(dir, `bench-${n++}.db`)}`;
      const db = await createDatabase(url);
      await db.migrate();
      await db.close();
      return url;
    };
    const sqlite = await benchDialect("sqlite", sqliteUrl, key, keyPath);
    result.sqlite_appends_per_s_1 = Math.round(sqlite.one);
    result.sqlite_appends_per_s_8 = Math.round(sqlite.eight);
    result.sqlite_appends_per_s_2proc = Math.round(sqlite.twoProc);

    const pgAvailable = values.postgres !== "off" && (process.env.TEST_DATABASE_URL || existsSync("/usr/lib/postgresql"));
    if (pgAvailable) {
      const pg = await startTestPostgres();
      try {
        const pgUrl = async () => {
          const url = await pg.createDatabase();
          const db = await createDatabase(url);
          await db.migrate();
          await db.close();
          return url;
        };
        const r = await benchDialect("postgres", pgUrl, key, keyPath);
        result.postgres_appends_per_s_1 = Math.round(r.one);
        result.postgres_appends_per_s_8 = Math.round(r.eight);
        result.postgres_appends_per_s_2proc = Math.round(r.twoProc);
      } finally {
        await pg.stop();
      }
    }

    // Verify: V entries written straight into SQLite (sealed exactly as append seals them), one
    // signed checkpoint over all of them, then AuditLog.verify() streams them back.
    const V = Number(values.verify);
    const url = await sqliteUrl();
    const path = url.slice("file:".length);
    const raw = new BetterSqlite3(path);
    const insert = raw.prepare(
      'INSERT INTO audit_entries (id, seq, time, "actorType", "actorId", "actorName", action, target, "inputDigest", input, outcome, reason, "clientAddress", "userAgent", "requestId", "prevHash", hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
    const fill = raw.transaction(() => {
      let prev: AuditEntry | null = null;
      const t0 = Date.parse("2026-12-04T00:00:00.000Z");
      for (let i = 0; i < V; i++) {
        const input = { pool: "bulk", concurrency: i % 16 };
        const e: AuditEntry = sealEntry(prev, {
          id: `00000000-0000-7000-8000-${String(i).padStart(12, "0")}`,
          time: new Date(t0 + i).toISOString(),
          actor: { type: "user", id: "u-1", name: "ada@example.com" },
          action: "pools.setConcurrency",
          target: "pool bulk",
          inputDigest: inputDigest(input),
          input,
          outcome: "allowed",
          reason: null,
          clientAddress: "127.0.0.1",
          userAgent: "bench",
          requestId: `req-${i}`,
        });
        insert.run(e.id, e.seq, e.time.replace("Z", "+00:00"), e.actor.type, e.actor.id, e.actor.name, e.action, e.target, e.inputDigest, canonicalJson(e.input), e.outcome, e.reason, e.clientAddress, e.userAgent, e.requestId, e.prevHash, e.hash);
        prev = e;
      }
    });
    fill();
    raw.close();
    const db = await createDatabase(url);
    try {
      const log = new AuditLog({ store: db.audit, key, origin: ORIGIN });
      const c0 = performance.now();
      await log.checkpoint();
      const checkpointSecs = (performance.now() - c0) / 1000;
      const v0 = performance.now();
      const verified = await log.verify();
      const verifySecs = (performance.now() - v0) / 1000;
      if (!verified.ok || verified.checkedEntries !== V) throw new Error(`verify failed: ${JSON.stringify(verified)}`);
      console.log(`verify: ${V} entries in ${verifySecs.toFixed(2)} s (first checkpoint over them, reading all: ${checkpointSecs.toFixed(2)} s)`);
      result.verify_entries = V;
      result.verify_seconds = Number(verifySecs.toFixed(3));
      result.first_checkpoint_seconds = Number(checkpointSecs.toFixed(3));
    } finally {
      await db.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(result));
}

(values.child ? child(values.child) : main()).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
