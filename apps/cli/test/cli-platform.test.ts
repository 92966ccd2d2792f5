import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { PoolStats, TaskView } from "@switchyard/shared";
import { eventsKey } from "@switchyard/queue";
import { freePort } from "../../../test-support/free-port.js";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from "node:child_process";
import { cliEnv, finished, lastJsonLine, REPO_ROOT, runCli, spawnCli, waitForOutput, type CliRun } from "./cli-process.js";

let p: TestPlatform;
/** Each CLI run starts Node and tsx (about a second idle, several on a loaded machine); some tests make many. */
const SLOW = 240_000;

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
  // Only the batch pool has a worker: tasks sent to "maintenance" stay queued.
  await p.startWorker({ poolNames: ["batch"] });
});
afterAll(async () => {
  await p?.close();
});

/** The CLI against the test platform, its address and token from the environment. */
function cli(args: string[], options: CliRun = {}) {
  return runCli(args, { ...options, env: { SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: p.token, ...options.env } });
}

/** The CLI, expected to succeed. */
async function ok(args: string[]) {
  const r = await cli(args);
  expect(r.code, r.stderr).toBe(0);
  return r;
}

async function task(id: string): Promise<TaskView> {
  return (await (await p.api(`/api/v1/tasks/${id}`)).json()) as TaskView;
}

async function pool(name: string): Promise<PoolStats> {
  const { pools } = (await (await p.api("/api/v1/pools")).json()) as { pools: PoolStats[] };
  return pools.find((x) => x.name === name)!;
}

describe("submit", { timeout: SLOW }, () => {
  it("--wait --json: exit 0, the last stdout line is the completed task", async () => {
    const r = await cli(["submit", "diagnostic.noop", "--wait", "--json"]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code, r.stderr).toBe(0);
    const t = lastJsonLine<TaskView>(r.stdout);
    expect(t).toMatchObject({ type: "diagnostic.noop", status: "completed", result: { ok: true } });
    // Only JSON on stdout.
    for (const line of r.stdout.trim().split("\n")) expect(() => JSON.parse(line)).not.toThrow();
  });

  it("--wait follows progress and reports the result in words", async () => {
    const r = await cli(["submit", "diagnostic.sleep", "--payload", '{"ms":300}', "--priority", "high", "--wait"]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/completed/);
    expect(r.stdout).toMatch(/sleptMs/);
  });

  it("--wait on a task that goes dead: exit 1 and the dead task", async () => {
    const r = await cli([
      "submit",
      "diagnostic.flaky",
      "--payload",
      '{"failTimes":5}',
      "--max-attempts",
      "1",
      "--wait",
      "--json",
    ]);
    expect(r.code, r.stderr).toBe(1);
    const t = lastJsonLine<TaskView>(r.stdout);
    expect(t.status).toBe("dead");
    expect(t.error).toMatch(/flaky failure 1 of 5/);
  });

  it("without --wait prints the submission; --json is the API's answer", async () => {
    const r = await cli(["submit", "diagnostic.noop", "--json", "--idempotency-key", "cli-test-key-1"]);
    expect(r.code, r.stderr).toBe(0);
    const first = lastJsonLine<{ id: string; replayed: boolean }>(r.stdout);
    expect(first.replayed).toBe(false);
    const again = await cli(["submit", "diagnostic.noop", "--json", "--idempotency-key", "cli-test-key-1"]);
    expect(lastJsonLine<{ id: string; replayed: boolean }>(again.stdout)).toEqual({ ...first, replayed: true });
  });

  it("a bad priority is a usage error naming the option (exit 2)", async () => {
    const r = await cli(["submit", "diagnostic.noop", "--priority", "urgent"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--priority/);
    expect(r.stderr).toMatch(/critical, high, normal, low, bulk/);
  });

  it("a payload the API rejects: the field path on stderr, exit 2", async () => {
    const r = await cli(["submit", "diagnostic.sleep", "--payload", '{"ms":"long"}']);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/HTTP 400 VALIDATION/);
    expect(r.stderr).toMatch(/payload\.ms: /);
    expect(r.stdout).toBe("");
  });

  it("--payload that is not JSON is a usage error", async () => {
    const r = await cli(["submit", "diagnostic.sleep", "--payload", "{ms:1}"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--payload/);
  });

  it("Ctrl-C during --wait exits 130 and leaves the task running", async () => {
    const child = spawnCli(["submit", "diagnostic.sleep", "--payload", '{"ms":4000}', "--wait"], {
      env: { SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: p.token },
    });
    const done = finished(child);
    const said = await waitForOutput(child.stderr, /submitted (\S+) to pool/);
    const id = /submitted (\S+) to pool/.exec(said)![1]!;
    child.kill("SIGINT");
    const r = await done;
    expect(r.code, r.stderr).toBe(130);
    expect(r.stderr).toMatch(/not cancelled/);
    expect((await task(id)).status).not.toBe("cancelled");
    await eventually(async () => (await task(id)).status === "completed", 30_000, "the task to complete anyway");
  });
});

describe("reading", { timeout: SLOW }, () => {
  it("get, list (one page and --all), table and JSON", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.noop", pool: "maintenance" }) });
      ids.push(((await r.json()) as { id: string }).id);
    }
    await eventually(async () => {
      const rows = (await (await p.api("/api/v1/tasks?pool=maintenance&limit=500")).json()) as { items: TaskView[] };
      return ids.every((id) => rows.items.some((t) => t.id === id));
    });

    const got = await cli(["get", ids[0]!, "--json"]);
    expect(got.code, got.stderr).toBe(0);
    expect(lastJsonLine<TaskView>(got.stdout)).toMatchObject({ id: ids[0], pool: "maintenance", status: "queued" });

    const human = await cli(["get", ids[0]!]);
    expect(human.stdout).toMatch(/^status:\s+queued$/m);

    const all = await cli(["list", "--pool", "maintenance", "--limit", "1", "--all", "--json"]);
    expect(all.code, all.stderr).toBe(0);
    const page = lastJsonLine<{ items: TaskView[]; nextCursor: string | null }>(all.stdout);
    expect(page.nextCursor).toBeNull();
    for (const id of ids) expect(page.items.map((t) => t.id)).toContain(id);

    const one = await cli(["list", "--pool", "maintenance", "--limit", "1"]);
    expect(one.code, one.stderr).toBe(0);
    expect(one.stdout).toMatch(/^ID\s+TYPE\s+POOL/);
    expect(one.stdout.trim().split("\n")).toHaveLength(2);
    expect(one.stderr).toMatch(/--cursor/);
  });

  it("takes an id that starts with '-' as the id, not as an option", async () => {
    const r = await cli(["get", "-0cZ6qPpKk-9v1csAAttw_"]);
    expect(r.code, r.stderr).toBe(4);
    expect(r.stderr).toMatch(/task -0cZ6qPpKk-9v1csAAttw_ not found/);
  });

  it("an unknown task is exit 4; a bad token exit 3; an unreachable server exit 5", async () => {
    const missing = await cli(["get", "no-such-task"]);
    expect(missing.code, missing.stderr).toBe(4);
    expect(missing.stderr).toMatch(/not found/);

    const badToken = await cli(["list", "--token", "sy_not_a_token"]);
    expect(badToken.code, badToken.stderr).toBe(3);
    expect(badToken.stderr).toMatch(/HTTP 401/);

    // A port nothing listens on.
    const nowhere = await runCli(["list", "--url", `http://127.0.0.1:${await freePort()}`]);
    expect(nowhere.code, nowhere.stderr).toBe(5);
    expect(nowhere.stderr).toMatch(/cannot reach/);
  });

  it("reads url and token from a config file given with --config", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sy-cli-"));
    const path = join(dir, "config.json");
    writeFileSync(path, JSON.stringify({ url: p.url, token: p.token }));
    const r = await runCli(["--config", path, "health", "--json"]);
    expect(r.code, r.stderr).toBe(0);
    // Only the batch pool has a worker here: serving, but degraded (exit 0; only "down" is 5).
    expect(lastJsonLine<{ status: string; workers: { idlePools: string[] } }>(r.stdout)).toMatchObject({ status: "degraded", workers: { idlePools: expect.not.arrayContaining(["batch"]) } });
    // The flag wins over the file.
    const flagged = await runCli(["--config", path, "--token", "sy_wrong", "workers"]);
    expect(flagged.code, flagged.stderr).toBe(3);
  });

  it("workers and breakers tables, health", async () => {
    const workers = await cli(["workers"]);
    expect(workers.code, workers.stderr).toBe(0);
    expect(workers.stdout).toMatch(/^WORKER\s+STATUS/);
    expect(workers.stdout).toMatch(/\balive\b/);
    const breakers = await cli(["breakers", "--json"]);
    expect(breakers.code, breakers.stderr).toBe(0);
    expect(Array.isArray(lastJsonLine<{ workers: unknown[] }>(breakers.stdout).workers)).toBe(true);
    const health = await cli(["health"]);
    expect(health.code, health.stderr).toBe(0);
    expect(health.stdout).toMatch(/^status: degraded/m);
  });

  it.skipIf(spawnSync("script", ["--version"]).error !== undefined)("with NO_COLOR on a terminal nothing carries ANSI codes; without it, status words are coloured", async () => {
    // `script` gives the CLI a pseudo-terminal, so only NO_COLOR stands between it and colour.
    const inTty = (noColor: string | undefined) =>
      runScript("node --import tsx apps/cli/src/main.ts pools; node --import tsx apps/cli/src/main.ts submit diagnostic.noop --wait", {
        SWITCHYARD_URL: p.url,
        SWITCHYARD_TOKEN: p.token,
        NO_COLOR: noColor,
        TERM: "xterm",
      });
    const plain = await inTty("1");
    expect(plain).toMatch(/running/);
    expect(plain).toMatch(/completed/);
    expect(plain).not.toContain("\u001b");
    const coloured = await inTty(undefined);
    expect(coloured).toContain("\u001b[");
  });
});

/** Run a shell command line under `script` (a pseudo-terminal); its whole output. */
async function runScript(commandLine: string, env: Record<string, string | undefined>): Promise<string> {
  const child = spawn("script", ["-qefc", commandLine, "/dev/null"], { cwd: REPO_ROOT, env: cliEnv(env), stdio: "pipe" });
  const r = await finished(child);
  if (r.code !== 0) throw new Error(`script exited ${r.code}: ${r.stdout}${r.stderr}`);
  return r.stdout;
}

describe("control", { timeout: SLOW }, () => {
  it("cancel and retry", async () => {
    const submitted = await cli(["submit", "diagnostic.noop", "--pool", "maintenance", "--json"]);
    const { id } = lastJsonLine<{ id: string }>(submitted.stdout);
    const cancelled = await cli(["cancel", id]);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toMatch(/cancelled/);
    expect((await task(id)).status).toBe("cancelled");

    const again = await cli(["cancel", id]);
    expect(again.code, again.stderr).toBe(1);
    expect(again.stderr).toMatch(/409 CONFLICT/);

    const retried = await cli(["retry", id, "--json"]);
    expect(retried.code, retried.stderr).toBe(0);
    expect(lastJsonLine<TaskView>(retried.stdout).status).toBe("queued");
  });

  it("tasks bulk cancel by ids: counts with --dry-run, refuses without --yes off a terminal, then cancels", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 2; i++) {
      const r = await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.noop", pool: "maintenance" }) });
      ids.push(((await r.json()) as { id: string }).id);
    }
    await eventually(async () => (await Promise.all(ids.map(task))).every((t) => t.status === "queued"), 30_000, "queued tasks");

    const dry = await cli(["tasks", "bulk", "cancel", "--ids", ids.join(","), "--dry-run", "--json"]);
    expect(dry.code, dry.stderr).toBe(0);
    expect(lastJsonLine(dry.stdout)).toMatchObject({ action: "cancel", dryRun: true, matched: 2, affected: 2 });
    expect((await task(ids[0]!)).status).toBe("queued");

    const refused = await cli(["tasks", "bulk", "cancel", "--ids", ids.join(",")]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);

    const done = await cli(["tasks", "bulk", "cancel", "--ids", ids.join(","), "--yes"]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/^cancelled 2 of 2 matching; skipped 0$/m);
    await eventually(async () => (await Promise.all(ids.map(task))).every((t) => t.status === "cancelled"), 30_000, "cancelled tasks");

    const neither = await cli(["tasks", "bulk", "retry"]);
    expect(neither.code, neither.stderr).toBe(2);
  });

  it("pools pause and resume show in GET /pools; concurrency too", async () => {
    const paused = await cli(["pools", "pause", "batch"]);
    expect(paused.code, paused.stderr).toBe(0);
    expect(paused.stdout).toMatch(/paused/);
    expect((await pool("batch")).paused).toBe(true);

    const table = await cli(["pools"]);
    expect(table.stdout).toMatch(/^batch\s+paused\b/m);

    const resumed = await cli(["pools", "resume", "batch", "--json"]);
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(lastJsonLine<{ pool: PoolStats }>(resumed.stdout).pool.paused).toBe(false);
    expect((await pool("batch")).paused).toBe(false);

    const conc = await cli(["pools", "concurrency", "batch", "5"]);
    expect(conc.code, conc.stderr).toBe(0);
    expect((await pool("batch")).config.concurrency).toBe(5);

    const badPool = await cli(["pools", "pause", "nope"]);
    expect(badPool.code, badPool.stderr).toBe(2);
  });

  it("pools reset refuses without --yes when stdin is not a terminal, and resets with it", async () => {
    await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.noop", pool: "maintenance" }) });
    const refused = await cli(["pools", "reset", "maintenance"]);
    expect(refused.code, refused.stderr).toBe(2);
    expect(refused.stderr).toMatch(/--yes/);
    expect((await pool("maintenance")).counts.waiting).toBeGreaterThan(0);

    const reset = await cli(["pools", "reset", "maintenance", "--yes", "--json"]);
    expect(reset.code, reset.stderr).toBe(0);
    expect(lastJsonLine<{ total: number }>(reset.stdout).total).toBeGreaterThan(0);
    expect((await pool("maintenance")).counts.waiting).toBe(0);
  });

  it("dead-letters: list, then redrive by ids moves them out and they complete", async () => {
    const flag = `cli-drill-${Date.now()}`;
    await ok(["faults", "set", flag]);
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const r = await p.api("/api/v1/tasks", {
        method: "POST",
        body: JSON.stringify({ type: "diagnostic.flaky", payload: { faultFlag: flag }, maxAttempts: 1 }),
      });
      ids.push(((await r.json()) as { id: string }).id);
    }
    await eventually(async () => (await Promise.all(ids.map(task))).every((t) => t.status === "dead"), 30_000, "dead tasks");

    const listed = await cli(["dead-letters", "--error", flag, "--json"]);
    expect(listed.code, listed.stderr).toBe(0);
    expect(lastJsonLine<{ items: TaskView[] }>(listed.stdout).items.map((t) => t.id).sort()).toEqual([...ids].sort());
    const table = await cli(["dead-letters", "--error", flag]);
    expect(table.stdout).toMatch(/^ID\s+TYPE\s+POOL\s+ATTEMPTS/);

    await ok(["faults", "clear", flag]);
    const redriven = await cli(["dead-letters", "redrive", "--ids", ids.join(","), "--chunk-size", "2", "--json"]);
    expect(redriven.code, redriven.stderr).toBe(0);
    expect(lastJsonLine(redriven.stdout)).toEqual({ requested: 3, redriven: 3, skipped: [] });
    await eventually(async () => (await Promise.all(ids.map(task))).every((t) => t.status === "completed"), 30_000, "redriven tasks");

    const none = await cli(["dead-letters", "--error", flag, "--json"]);
    expect(lastJsonLine<{ items: TaskView[] }>(none.stdout).items).toEqual([]);

    // A filter redrive with nothing left to match: one request, counts printed.
    const byFilter = await cli(["dead-letters", "redrive", "--filter-error", flag]);
    expect(byFilter.code, byFilter.stderr).toBe(0);
    expect(byFilter.stdout).toMatch(/redriven 0 of 0/);

    const neither = await cli(["dead-letters", "redrive"]);
    expect(neither.code, neither.stderr).toBe(2);
  });
});

/** What a stream has printed so far, collected from the child's start (nothing printed early is missed). */
function collected(stream: NodeJS.ReadableStream): () => string {
  let out = "";
  stream.on("data", (d: Buffer | string) => (out += d.toString()));
  return () => out;
}

/** Every JSON line the child has printed on stdout so far, collected from its start. */
function jsonLinesOf(child: ChildProcessWithoutNullStreams): () => Array<{ taskId: string; kind: string }> {
  const out = collected(child.stdout);
  return () =>
    out()
      .split("\n")
      .slice(0, -1) // the last piece is a line still being written (or "")
      .filter((l) => l.trim() !== "")
      .map((l) => JSON.parse(l) as { taskId: string; kind: string });
}

describe("live", { timeout: SLOW }, () => {
  it("tail --pool --json prints events as JSON lines until Ctrl-C (exit 130)", async () => {
    const child = spawnCli(["tail", "--pool", "batch", "--json"], { env: { SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: p.token } });
    const done = finished(child);
    const printed = jsonLinesOf(child);
    await waitForOutput(child.stderr, /following pool batch/);
    const r = await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.noop" }) });
    const { id } = (await r.json()) as { id: string };
    // Read from what was printed since the start: the task may complete before the answer above is read.
    await eventually(async () => printed().some((e) => e.taskId === id && e.kind === "completed"), 60_000, "the completed event");
    child.kill("SIGINT");
    const result = await done;
    expect(result.code, result.stderr).toBe(130);
    const events = result.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { taskId: string; kind: string; seq: string });
    const mine = events.filter((e) => e.taskId === id).map((e) => e.kind);
    expect(mine).toContain("completed");
  });

  it("tail --pool waits out a pool whose event stream cannot be read, then follows it", async () => {
    const key = eventsKey(p.prefix, "maintenance");
    // A key of the wrong type: the server answers that the stream cannot be read right now (retryable).
    await p.web.platform.redis.set(key, "not a stream");
    const child = spawnCli(["tail", "--pool", "maintenance", "--json"], { env: { SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: p.token } });
    const done = finished(child);
    const printed = jsonLinesOf(child);
    const notes = collected(child.stderr);
    try {
      await eventually(async () => /cannot follow pool maintenance yet: .*pool maintenance cannot be read.*; trying again in 1 s/.test(notes()), 60_000, "the refusal");
    } finally {
      await p.web.platform.redis.del(key);
    }
    // Still running, and subscribed once a try succeeds.
    await eventually(async () => notes().includes("following pool maintenance"), 60_000, "following");
    expect(child.exitCode).toBeNull();
    const r = await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.noop", pool: "maintenance" }) });
    expect(r.status).toBe(202);
    const { id } = (await r.json()) as { id: string };
    await eventually(async () => printed().some((e) => e.taskId === id && e.kind === "queued"), 60_000, "the queued event");
    child.kill("SIGINT");
    const result = await done;
    expect(result.code, result.stderr).toBe(130);
  });

  it("tail --task of an unknown task is exit 4", async () => {
    const r = await cli(["tail", "--task", "no-such-task"]);
    expect(r.code, r.stderr).toBe(4);
  });
});

describe("load-test", { timeout: SLOW }, () => {
  it("runs, then prints the percentile table", async () => {
    const r = await cli(["load-test", "--count", "20", "--rate", "500", "--priorities", "high,low", "--poll-ms", "200"]);
    expect(r.stderr).not.toMatch(/error/);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/load test \S+: completed/);
    expect(r.stdout).toMatch(/^completed:\s+20$/m);
    expect(r.stdout).toMatch(/^PERCENTILE\s+MS$/m);
    for (const k of ["p50", "p95", "p99", "max"]) expect(r.stdout).toMatch(new RegExp(`^${k}\\s+\\d+(\\.\\d)?$`, "m"));

    const listed = await cli(["load-tests", "--json"]);
    expect(lastJsonLine<{ items: Array<{ status: string }> }>(listed.stdout).items[0]?.status).toBe("completed");
  });

  it("a bad spec names the field (exit 2)", async () => {
    const r = await cli(["load-test", "--count", "5", "--type", "no.such.type"]);
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/type: /);
  });
});
