import { Job } from "bullmq";
import { afterEach, describe, expect, inject, it } from "vitest";
import { DEFAULT_POOLS } from "@switchyard/shared";
import { latestSeq } from "@switchyard/queue";
import { submitBulk } from "../tasks/task-service.js";
import { CompletionTracker } from "./completion-tracker.js";
import { loadTestReportSchema, type LoadTestReport } from "@switchyard/shared";
import { runLoadTest } from "./run-load-test.js";
import { NOOP_HANDLERS as noop, startLoadTestBed as startBed, type LoadTestBed } from "../../../../test-support/load-test-bed.js";

const startLoadTestBed = (pools?: Parameters<typeof startBed>[1]) => startBed(inject("redisUrl"), pools);

let bed: LoadTestBed | undefined;
afterEach(async () => {
  await bed?.close();
  bed = undefined;
});

describe("runLoadTest", () => {
  it("runs 500 noop tasks at 1,000/s and reports throughput and ordered latencies", async () => {
    bed = await startLoadTestBed();
    await bed.startWorker(noop);
    const progress: LoadTestReport[] = [];
    const report = await runLoadTest(
      bed.platform,
      { count: 500, ratePerSecond: 1_000, priorities: ["high", "low"], timeoutMs: 60_000 },
      { onProgress: (r) => progress.push(r), progressIntervalMs: 50 },
    );

    expect(loadTestReportSchema.parse(report)).toEqual(report);
    expect(report).toMatchObject({
      status: "completed",
      submitted: 500,
      completed: 500,
      failed: 0,
      spec: { count: 500, type: "diagnostic.noop", pool: "batch", payload: {}, priorities: ["high", "low"] },
    });
    expect(report.error).toBeUndefined();
    const lat = report.latencyMs;
    expect(lat).not.toBeNull();
    if (!lat) return;
    expect(lat.p50).toBeGreaterThan(0);
    expect(lat.p50).toBeLessThanOrEqual(lat.p95);
    expect(lat.p95).toBeLessThanOrEqual(lat.p99);
    expect(lat.p99).toBeLessThanOrEqual(lat.max);
    expect(lat.mean).toBeGreaterThan(0);
    expect(lat.mean).toBeLessThanOrEqual(lat.max);
    // Paced at 1,000/s: 500 tasks take at least about half a second to submit.
    expect(report.durationMs).toBeGreaterThanOrEqual(450);
    expect(report.throughputPerSec).toBeCloseTo((report.completed / report.durationMs) * 1000, 0);
    expect(report.throughputPerSec).toBeLessThanOrEqual(1_200);
    // The window from startedAt to finishedAt is the duration.
    expect(Date.parse(report.finishedAt ?? "") - Date.parse(report.startedAt)).toBeCloseTo(report.durationMs, -1);

    // Live reports along the way, submitted never going backwards, the last one final.
    const running = progress.filter((r) => r.status === "running");
    expect(running.length).toBeGreaterThan(2);
    expect(running.map((r) => r.submitted)).toEqual([...running.map((r) => r.submitted)].sort((a, b) => a - b));
    expect(running.some((r) => r.submitted > 0 && r.submitted < 500)).toBe(true);
    expect(progress[progress.length - 1]).toEqual(report);

    // Priorities went round-robin: half each. (History is written in batches: flush the last one.)
    await bed.platform.history.flush();
    const rows = await bed.platform.db.tasks.list({ type: "diagnostic.noop", limit: 1_000 });
    expect(rows.items).toHaveLength(500);
    expect(rows.items.filter((r) => r.priority === "high")).toHaveLength(250);
    expect(rows.items.filter((r) => r.priority === "low")).toHaveLength(250);
  });

  it("counts tasks that fail for good as failed, without latency", async () => {
    // No retries in this pool, so every failure is final at once.
    bed = await startLoadTestBed({ ...DEFAULT_POOLS, batch: { ...DEFAULT_POOLS.batch, retries: 0 } });
    await bed.startWorker({
      ...noop,
      "diagnostic.flaky": async () => {
        throw new Error("broken on purpose");
      },
    });
    const report = await runLoadTest(bed.platform, { count: 40, type: "diagnostic.flaky", ratePerSecond: 2_000, timeoutMs: 30_000 });
    expect(report).toMatchObject({ status: "completed", submitted: 40, completed: 0, failed: 40, latencyMs: null, throughputPerSec: 0 });
  });

  it("stops at timeoutMs with status timed-out and partial figures", async () => {
    bed = await startLoadTestBed();
    // No worker: nothing ever finishes.
    const report = await runLoadTest(bed.platform, { count: 30, ratePerSecond: 1_000, timeoutMs: 1_000 });
    expect(report).toMatchObject({ status: "timed-out", submitted: 30, completed: 0, failed: 0, latencyMs: null });
    expect(report.durationMs).toBeGreaterThanOrEqual(990);
    expect(report.finishedAt).not.toBeNull();
  });

  it("stops submitting when the deadline comes first", async () => {
    bed = await startLoadTestBed();
    const report = await runLoadTest(bed.platform, { count: 1_000, ratePerSecond: 100, timeoutMs: 500 });
    expect(report.status).toBe("timed-out");
    // About 50 at 100/s in half a second (batches of 5); fewer on a loaded machine (a full CI run
    // saw exactly 20), never the 1,000 asked for: the deadline stopped it.
    expect(report.submitted).toBeGreaterThan(0);
    expect(report.submitted).toBeLessThan(100);
  });

  it("reports an aborted run as failed", async () => {
    bed = await startLoadTestBed();
    const ac = new AbortController();
    // Stopped once some tasks are in (the first progress report after a submitted batch), so a
    // slow start on a busy machine cannot make the abort come before anything was sent.
    const onProgress = (r: { submitted: number }): void => {
      if (r.submitted > 0 && !ac.signal.aborted) ac.abort(new Error("operator stopped it"));
    };
    const report = await runLoadTest(
      bed.platform,
      { count: 1_000, ratePerSecond: 500, timeoutMs: 10_000 },
      { signal: ac.signal, onProgress, progressIntervalMs: 0 },
    );
    expect(report.status).toBe("failed");
    expect(report.error).toBe("aborted: operator stopped it");
    expect(report.submitted).toBeGreaterThan(0);
    expect(report.submitted).toBeLessThan(1_000);
  });

  it("rejects a bad spec before submitting anything, naming the field", async () => {
    bed = await startLoadTestBed();
    await expect(runLoadTest(bed.platform, { count: 0 })).rejects.toMatchObject({ code: "VALIDATION", issues: [{ path: "count" }] });
    await expect(runLoadTest(bed.platform, { count: 5, type: "nope" })).rejects.toMatchObject({ issues: [{ path: "type" }] });
    await expect(runLoadTest(bed.platform, { count: 5, type: "diagnostic.sleep", payload: { ms: -1 } })).rejects.toMatchObject({
      issues: [{ path: "payload.ms" }],
    });
    await expect(runLoadTest(bed.platform, { count: 5, type: "rag.query", pool: "batch", payload: { query: "q" } })).rejects.toMatchObject({
      issues: [{ path: "pool" }],
    });
    await expect(runLoadTest(bed.platform, { count: 5, priorities: ["urgent"] })).rejects.toMatchObject({ code: "VALIDATION" });
    await expect(runLoadTest(bed.platform, { count: 5, timeoutMs: 600_001 })).rejects.toMatchObject({ issues: [{ path: "timeoutMs" }] });
    expect(await bed.platform.queue("batch").count()).toBe(0);
  });
});

describe("CompletionTracker.reconcile", () => {
  it("finds finished tasks the stream didn't show: in Redis' finished sets, else in the history table", async () => {
    bed = await startLoadTestBed({ ...DEFAULT_POOLS, batch: { ...DEFAULT_POOLS.batch, retries: 0 } });
    const { platform } = bed;
    await bed.startWorker({
      ...noop,
      "diagnostic.flaky": async () => {
        throw new Error("no");
      },
    });
    const submittedAt = Date.now();
    const ok = await submitBulk(platform, { tasks: Array.from({ length: 10 }, () => ({ type: "diagnostic.noop" })) });
    const bad = await submitBulk(platform, { tasks: Array.from({ length: 4 }, () => ({ type: "diagnostic.flaky" })) });
    const all = [...ok.ids, ...bad.ids];
    // Wait until every row is final in the history table.
    for (let i = 0; i < 200; i++) {
      const rows = await platform.db.tasks.getMany(all);
      if (rows.length === all.length && rows.every((r) => r.status === "completed" || r.status === "dead")) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // Redis forgets half of the completed jobs and half of the failed ones.
    for (const id of [...ok.ids.slice(0, 5), ...bad.ids.slice(0, 2)]) await (await Job.fromId(platform.queue("batch"), id))?.remove();

    // A tracker positioned after every event: only reconcile can see these tasks.
    const tracker = new CompletionTracker(platform, "batch", await latestSeq(platform.redis, platform.prefix, "batch"), 0);
    tracker.beginSubmit();
    tracker.endSubmit(all, submittedAt);
    await tracker.poll();
    expect(tracker.pendingCount).toBe(14);
    await tracker.reconcile();
    expect(tracker.pendingCount).toBe(0);
    expect(tracker.completed).toBe(10);
    expect(tracker.failed).toBe(4);
    expect(tracker.latencies).toHaveLength(10);
    for (const l of tracker.latencies) {
      expect(l).toBeGreaterThan(0);
      expect(l).toBeLessThan(10_000);
    }
  });
});
