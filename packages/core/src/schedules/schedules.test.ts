import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { createDatabase, type Database } from "@switchyard/db";
import { createLogger } from "@switchyard/observability";
import { startWorkerRuntime, type HandlerRegistry, type WorkerRuntime } from "@switchyard/queue";
import { createHealthSweepHandler, createMaintenanceCleanupHandler, sqliteFileBytes } from "@switchyard/tasks";
import { eventually, startTestPlatform, type TestPlatform } from "../../../../test-support/platform-harness.js";
import { installSchedules } from "./schedule-service.js";

type Json = Record<string, unknown>;
interface ScheduleJson {
  id: string;
  type: string;
  pattern: string | null;
  every: number | null;
  payload: Json;
  enabled: boolean;
  nextRunAt: string | null;
  lastRun: { taskId: string; status: string } | null;
}
interface ErrorJson {
  error: { code: string; issues?: Array<{ path: string; message: string }> };
}

let p: TestPlatform;
let db: Database;
let viewerToken: string;
let runner: Server;
const workers: WorkerRuntime[] = [];
/** Every handler run of a health sweep: which task, on which worker. */
const sweeps: Array<{ taskId: string; worker: string }> = [];

const send = (method: string, path: string, body?: unknown, token?: string): Promise<Response> =>
  p.api(path, { method, ...(body === undefined ? {} : { body: JSON.stringify(body) }), ...(token ? { token } : {}) });
const schedules = async (): Promise<ScheduleJson[]> => ((await (await send("GET", "/api/v1/schedules")).json()) as { schedules: ScheduleJson[] }).schedules;
const schedule = async (id: string): Promise<ScheduleJson> => {
  const s = (await schedules()).find((x) => x.id === id);
  if (!s) throw new Error(`no schedule ${id}`);
  return s;
};
const maintenanceQueue = () => p.web.platform.queue("maintenance");

/** A worker serving only the maintenance pool, with the maintenance handlers over real Redis and SQLite. */
async function startMaintenanceWorker(name: string, gpuRunnerUrl: string): Promise<WorkerRuntime> {
  const wdb = await createDatabase(p.databaseUrl);
  const sweep = createHealthSweepHandler({
    redis: p.web.platform.redis,
    databaseBytes: () => sqliteFileBytes(p.databaseUrl.slice("file:".length)),
    gpuRunnerUrl,
    // Nothing listens on port 9 of the loopback: Chroma is down, and the sweep must say so.
    chromaUrl: "http://127.0.0.1:9/api/v2/heartbeat",
  });
  const handlers: HandlerRegistry = {
    "maintenance.cleanup": createMaintenanceCleanupHandler({ history: wdb.tasks }),
    "maintenance.health-sweep": async (ctx) => {
      sweeps.push({ taskId: ctx.taskId, worker: name });
      return sweep(ctx);
    },
  };
  const rt = await startWorkerRuntime({
    redisUrl: p.redisUrl,
    prefix: p.prefix,
    pools: p.pools,
    poolNames: ["maintenance"],
    handlers,
    db: wdb,
    logger: createLogger("test", "silent"),
    shutdownGraceMs: 5_000,
    workerId: name,
  });
  workers.push(rt);
  const close = rt.close.bind(rt);
  rt.close = async () => {
    await close();
    await wdb.close();
  };
  return rt;
}

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
  db = await p.openDb();
  viewerToken = (await db.tokens.create({ name: "viewer", role: "viewer" })).token;
  runner = createServer((req, res) => {
    res.statusCode = req.url === "/health" ? 200 : 404;
    res.end("{}");
  });
  await new Promise<void>((r) => runner.listen(0, "127.0.0.1", r));
  const runnerUrl = `http://127.0.0.1:${(runner.address() as AddressInfo).port}/health`;
  // Two workers on the maintenance pool: each firing must still run once.
  await startMaintenanceWorker("worker-a", runnerUrl);
  await startMaintenanceWorker("worker-b", runnerUrl);
}, 60_000);

afterAll(async () => {
  for (const w of workers) await w.close().catch(() => undefined);
  await new Promise((r) => runner?.close(r));
  await p?.close();
});

describe("maintenance schedules", () => {
  it("installs the defaults idempotently and lists them with their next run", async () => {
    // The harness starts the web without SCHEDULES: nothing installed yet, the defaults are listed.
    const before = await schedules();
    expect(before.map((s) => [s.id, s.type, s.enabled])).toEqual([
      ["history-retention", "maintenance.cleanup", false],
      ["chroma-orphans", "maintenance.chroma-orphans", false],
      ["health-sweep", "maintenance.health-sweep", false],
    ]);
    await installSchedules(p.web.platform);
    await installSchedules(p.web.platform);
    expect(await maintenanceQueue().getJobSchedulersCount()).toBe(3);
    const retention = await schedule("history-retention");
    expect(retention).toMatchObject({ enabled: true, pattern: "0 3 * * *", every: null, payload: { olderThanDays: 30 } });
    expect(retention.nextRunAt).toMatch(/T03:00:00\.000Z$/);
    expect(await schedule("health-sweep")).toMatchObject({ enabled: true, pattern: null, every: 900_000 });
    expect((await schedule("chroma-orphans")).nextRunAt).toMatch(/T04:00:00\.000Z$/);
    expect(new Date((await schedule("chroma-orphans")).nextRunAt ?? "").getUTCDay()).toBe(0);
  });

  it("validates updates (400 naming the field, 403 for a viewer, 404 for no such schedule) and keeps edits across installs", async () => {
    const bad = await send("PATCH", "/api/v1/schedules/history-retention", { pattern: "61 * * * *" });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as ErrorJson).error.issues?.map((i) => i.path)).toEqual(["patch.pattern"]);

    const badPayload = await send("PATCH", "/api/v1/schedules/history-retention", { payload: { olderThanDays: 0 } });
    expect(badPayload.status).toBe(400);
    expect(((await badPayload.json()) as ErrorJson).error.issues?.map((i) => i.path)).toEqual(["patch.payload.olderThanDays"]);

    const tooOften = await send("PATCH", "/api/v1/schedules/health-sweep", { every: 10 });
    expect(tooOften.status).toBe(400);

    const viewer = await send("PATCH", "/api/v1/schedules/history-retention", { pattern: "0 4 * * *" }, viewerToken);
    expect(viewer.status).toBe(403);
    const viewerRun = await send("POST", "/api/v1/schedules/history-retention/run", undefined, viewerToken);
    expect(viewerRun.status).toBe(403);
    // A viewer may read them.
    expect((await send("GET", "/api/v1/schedules", undefined, viewerToken)).status).toBe(200);

    expect((await send("PATCH", "/api/v1/schedules/no-such", { enabled: false })).status).toBe(404);

    const ok = await send("PATCH", "/api/v1/schedules/history-retention", { pattern: "30 2 * * *", payload: { olderThanDays: 14 } });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ pattern: "30 2 * * *", payload: { olderThanDays: 14 }, enabled: true });
    expect((await maintenanceQueue().getJobScheduler("history-retention"))?.pattern).toBe("30 2 * * *");
    // A restart's install keeps the edit instead of putting the default back.
    await installSchedules(p.web.platform);
    expect((await maintenanceQueue().getJobScheduler("history-retention"))?.pattern).toBe("30 2 * * *");

    // Disabled: the scheduler is gone, its settings stay.
    const off = await send("PATCH", "/api/v1/schedules/history-retention", { enabled: false });
    expect(await off.json()).toMatchObject({ enabled: false, nextRunAt: null, pattern: "30 2 * * *" });
    expect(await maintenanceQueue().getJobScheduler("history-retention")).toBeUndefined();
    await installSchedules(p.web.platform);
    expect(await maintenanceQueue().getJobScheduler("history-retention")).toBeUndefined();
  });

  it("fires a schedule once per firing with two workers, each firing an ordinary task in the history", async () => {
    sweeps.length = 0;
    const on = await send("PATCH", "/api/v1/schedules/health-sweep", { every: 1_000, enabled: true });
    expect(on.status).toBe(200);
    await eventually(async () => new Set(sweeps.map((s) => s.taskId)).size >= 4, 30_000, "four firings");
    await send("PATCH", "/api/v1/schedules/health-sweep", { enabled: false });
    const fired = [...new Set(sweeps.map((s) => s.taskId))];
    // Every firing finished (the history row of each is terminal) before counting runs per firing.
    await eventually(async () => (await db.tasks.getMany(fired)).filter((r) => r.status === "completed").length === fired.length, 20_000, "firings recorded");

    for (const id of fired) expect(id).toMatch(/^repeat:health-sweep:\d+$/);
    // Each firing ran exactly once, on one of the two workers.
    const runsPerFiring = new Map<string, number>();
    for (const s of sweeps) runsPerFiring.set(s.taskId, (runsPerFiring.get(s.taskId) ?? 0) + 1);
    expect([...runsPerFiring.values()].every((n) => n === 1), JSON.stringify(sweeps)).toBe(true);
    // Firings are distinct iterations of the schedule (their times differ).
    const times = fired.map((id) => Number(id.split(":")[2]));
    expect(new Set(times).size).toBe(fired.length);

    const rows = await db.tasks.getMany(fired);
    for (const r of rows) expect(r).toMatchObject({ type: "maintenance.health-sweep", pool: "maintenance", priority: "low", attempts: 1 });
    const listed = (await (await send("GET", "/api/v1/tasks?type=maintenance.health-sweep&limit=100")).json()) as { items: Array<{ id: string }> };
    expect(listed.items.map((t) => t.id)).toEqual(expect.arrayContaining(fired));
    expect((await schedule("health-sweep")).lastRun?.status).toBeDefined();
  });

  it("runs a schedule now: the health sweep's findings are the task's result", async () => {
    const res = await send("POST", "/api/v1/schedules/health-sweep/run");
    expect(res.status).toBe(202);
    const { taskId } = (await res.json()) as { taskId: string };
    const task = await eventually(async () => {
      const t = (await (await send("GET", `/api/v1/tasks/${taskId}`)).json()) as { status: string; type: string; result: Json | null };
      return t.status === "completed" ? t : undefined;
    }, 20_000, "sweep completed");
    expect(task.type).toBe("maintenance.health-sweep");
    const result = task.result as { status: string; findings: Array<{ check: string; status: string; value: number | null }> };
    const byCheck = Object.fromEntries(result.findings.map((f) => [f.check, f]));
    expect(byCheck["redis-memory"]).toMatchObject({ status: expect.stringMatching(/^(ok|warn)$/) });
    expect(byCheck["redis-memory"]?.value).toBeGreaterThan(0);
    expect(byCheck["database-size"]).toMatchObject({ status: "ok" });
    expect(byCheck["database-size"]?.value).toBeGreaterThan(0);
    expect(byCheck["gpu-runner"]).toMatchObject({ status: "ok" });
    expect(byCheck["chroma"]).toMatchObject({ status: "fail" });
    // The worst finding decides: Chroma is unreachable.
    expect(result.status).toBe("fail");
  });

  it("runs retention now: only finished rows older than the cut-off go", async () => {
    const old = new Date(Date.now() - 40 * 86_400_000);
    const row = (id: string, status: string, at: Date) => ({
      id, type: "diagnostic.noop", pool: "batch", priority: "normal", status, payload: {}, result: null, error: null, progress: null,
      attempts: 1, version: 1_000_000, createdAt: at, startedAt: at, finishedAt: status === "completed" ? at : null, updatedAt: at, attemptLog: null,
    });
    await db.tasks.upsertMany([
      row("0000000000000000000001", "completed", old),
      row("0000000000000000000002", "active", old),
      row("0000000000000000000003", "completed", new Date()),
    ]);
    // The stored payload (olderThanDays 14 from the update above) is what runs.
    const res = await send("POST", "/api/v1/schedules/history-retention/run");
    expect(res.status).toBe(202);
    const { taskId } = (await res.json()) as { taskId: string };
    const task = await eventually(async () => {
      const t = (await (await send("GET", `/api/v1/tasks/${taskId}`)).json()) as { status: string; payload: Json; result: Json | null };
      return t.status === "completed" ? t : undefined;
    }, 20_000, "retention completed");
    expect(task.payload).toMatchObject({ olderThanDays: 14 });
    expect(task.result).toMatchObject({ historyRows: 1 });
    expect(await db.tasks.get("0000000000000000000001")).toBeNull();
    expect(await db.tasks.get("0000000000000000000002")).not.toBeNull();
    expect(await db.tasks.get("0000000000000000000003")).not.toBeNull();
  });
});
