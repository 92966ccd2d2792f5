import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { BatchSubmitted, BatchView } from "@switchyard/shared";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";
import { lastJsonLine, runCli, type CliRun } from "./cli-process.js";

let p: TestPlatform;
/** Each CLI run starts Node and tsx (several seconds on a loaded machine). */
const SLOW = 240_000;

beforeAll(async () => {
  // No worker: the batch stays queued, so its children are all pending until it is cancelled.
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
});
afterAll(async () => {
  await p?.close();
});

function cli(args: string[], options: CliRun = {}) {
  return runCli(args, { ...options, env: { SWITCHYARD_URL: p.url, SWITCHYARD_TOKEN: p.token, ...options.env } });
}

describe("switchyard batches", { timeout: SLOW }, () => {
  it("submits a scrape batch from a file, lists it, shows its children and cancels it", async () => {
    const file = join(p.dataDir, "urls.txt");
    writeFileSync(file, "# pages to fetch\nhttp://127.0.0.1:9/a\n\nhttp://127.0.0.1:9/b\n");
    const submitted = await cli(["--json", "batches", "scrape", "http://127.0.0.1:9/c", "--file", file, "--priority", "low"]);
    expect(submitted.code, submitted.stderr).toBe(0);
    const batch = lastJsonLine<BatchSubmitted>(submitted.stdout);
    expect(batch).toMatchObject({ kind: "scrape", status: "running", priority: "low", total: 3 });

    await eventually(async () => {
      const listed = await cli(["batches", "--kind", "scrape"]);
      return listed.code === 0 && listed.stdout.includes(batch.id) ? listed : undefined;
    }, 60_000, "the batch listed");

    const shown = await cli(["--json", "batches", "show", batch.id]);
    expect(shown.code, shown.stderr).toBe(0);
    expect(lastJsonLine<BatchView>(shown.stdout)).toMatchObject({ id: batch.id, status: "running", taskStatus: "queued", total: 3, counts: { pending: 3 } });

    const cancelled = await cli(["batches", "cancel", batch.id]);
    expect(cancelled.code, cancelled.stderr).toBe(0);
    expect(cancelled.stdout).toMatch(new RegExp(`batch ${batch.id}: cancelled`));
    const after = await cli(["batches", "show", batch.id]);
    expect(after.stdout).toMatch(/status:\s+cancelled/);

    // Usage errors are exit code 2, before any request.
    expect((await cli(["batches", "scrape"])).code).toBe(2);
    expect((await cli(["batches", "embed", "--collection", "docs"])).code).toBe(2);
  });
});
