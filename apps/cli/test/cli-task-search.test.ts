import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { BulkTaskActionResult, TaskView } from "@switchyard/shared";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";
import { lastJsonLine, runCli, type CliRun } from "./cli-process.js";

let p: TestPlatform;
/** Each CLI run starts Node and tsx (several seconds on a loaded machine). */
const SLOW = 240_000;

beforeAll(async () => {
  // No worker: the tasks stay queued.
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
});
afterAll(async () => {
  await p?.close();
});

function cli(args: string[], options: CliRun = {}) {
  return runCli(args, { ...options, env: { SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: p.token, ...options.env } });
}

describe("list --search and tasks bulk", { timeout: SLOW }, () => {
  it("finds tasks by payload text and time, previews and cancels them by filter", async () => {
    const tasks = [
      // Only a flaky task's fault flag is free text; nothing runs them here (no worker).
      { type: "diagnostic.flaky", priority: "low", payload: { faultFlag: "nightly-reindex" } },
      { type: "diagnostic.flaky", priority: "low", payload: { faultFlag: "nightly-backup" } },
      { type: "diagnostic.flaky", priority: "low", payload: { faultFlag: "ad-hoc" } },
    ];
    const res = await p.api("/api/v1/tasks/bulk", { method: "POST", body: JSON.stringify({ tasks }) });
    const { ids } = (await res.json()) as { ids: string[] };
    const db = await p.openDb();
    await eventually(async () => (await db.tasks.countByStatus())["queued"] === 3, 30_000, "3 queued rows");

    const found = await cli(["--json", "list", "--search", "nightly", "--from", "2020-01-01", "--priority", "low"]);
    expect(found.code, found.stderr).toBe(0);
    expect(lastJsonLine<{ items: TaskView[] }>(found.stdout).items.map((t) => t.id)).toEqual([ids[1], ids[0]]);

    const preview = await cli(["--json", "tasks", "bulk", "cancel", "--search", "nightly", "--dry-run"]);
    expect(preview.code, preview.stderr).toBe(0);
    expect(lastJsonLine<BulkTaskActionResult>(preview.stdout)).toMatchObject({ dryRun: true, matched: 2, affected: 2 });
    expect(await db.tasks.countByStatus()).toEqual({ queued: 3 });

    // Without --yes and without a terminal there is no one to confirm: refused, nothing done.
    const unconfirmed = await cli(["tasks", "bulk", "cancel", "--search", "nightly"]);
    expect(unconfirmed.code).toBe(2);
    expect(await db.tasks.countByStatus()).toEqual({ queued: 3 });

    const done = await cli(["tasks", "bulk", "cancel", "--search", "nightly", "--yes"]);
    expect(done.code, done.stderr).toBe(0);
    expect(done.stdout).toMatch(/cancelled 2 of 2 matching; skipped 0/);
    expect(await db.tasks.countByStatus()).toEqual({ queued: 1, cancelled: 2 });

    const usage = await cli(["tasks", "bulk", "retry"]);
    expect(usage.code).toBe(2);
    await db.close();
  });
});
