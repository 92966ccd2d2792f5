import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestGpuRunner, type TestGpuRunner } from "../../../test-support/gpu-runner.js";
import { eventually, type TestPlatform } from "../../../test-support/platform-harness.js";
import { axe, expectTitle, signInWithKeyboard, startBrowserPlatform, type BrowserPlatform } from "./browser-support.js";

/**
 * The GPU runner page against a real runner (a tiny linear model; on a machine without CUDA
 * the "auto" provider falls back to CPU and says why), and the overview's Workers card against
 * real worker processes, and the last hour's charts from real tasks. axe (WCAG 2.2 AA) in light, dark and 390 px wide.
 */

const VIEWPORT = { width: 1440, height: 900 };
// Set to a path prefix to keep screenshots of the page for review.
const SHOTS = process.env["GPU_SCREENSHOTS"];

describe("GPU runner page and the overview's worker count in Chromium", () => {
  let env: BrowserPlatform | undefined;
  let platform: TestPlatform;
  let runner: TestGpuRunner;

  async function openSignedIn(path: string, options: BrowserContextOptions = {}): Promise<Page> {
    const page = await (env as BrowserPlatform).newPage(options);
    await page.goto(`${platform.url}${path}`);
    await signInWithKeyboard(page, platform.token);
    return page;
  }

  beforeAll(async () => {
    runner = await startTestGpuRunner();
    env = await startBrowserPlatform({ viewport: VIEWPORT, gpuRunner: { url: runner.url, key: runner.key } });
    platform = env.platform;
    // Two processes, each serving two pools: the pools' own counts add up to four.
    await platform.startWorker({ poolNames: ["batch", "maintenance"], workerId: "gpu-test-worker-a" });
    await platform.startWorker({ poolNames: ["batch", "maintenance"], workerId: "gpu-test-worker-b" });
    // Traffic the page reports: a batch of two rows, one of one row, and one refused call.
    expect(await runner.infer([[1, 2, 3], [4, 5, 6]])).toBe(200);
    expect(await runner.infer([[7, 8, 9]])).toBe(200);
    expect(await runner.refuse()).toBe(401);
  }, 240_000);

  afterAll(async () => {
    await env?.close();
    await runner?.close();
  });

  it("shows the CPU fallback warning with its reason, models, queue, batches, latencies, memory and refusals; refreshes; axe light and dark", async () => {
    const health = runner.server.runner.health();
    // This test's premise: the runner asked for CUDA (auto) and runs on CPU.
    expect(health.provider).toMatchObject({ active: "cpu", fallback: true });
    const reason = health.provider.fallbackReason ?? "";
    expect(reason).not.toBe("");

    // One-row calls this test adds on each pass (counted in the batch and compute figures).
    let extra = 0;
    for (const scheme of ["light", "dark"] as const) {
      const page = await openSignedIn("/", { colorScheme: scheme });
      // Reached from the header's GPU link, by keyboard.
      const link = page.getByRole("navigation", { name: "Primary" }).getByRole("link", { name: "GPU", exact: true });
      await link.focus();
      await page.keyboard.press("Enter");
      await page.getByRole("heading", { level: 1, name: "GPU runner" }).waitFor();
      await expectTitle(page, "GPU runner · Switchyard");
      expect(await link.getAttribute("aria-current")).toBe("page");

      expect(await page.locator('[data-gpu="provider"]').textContent()).toBe("CPU");
      const alert = page.locator('[role="alert"][data-gpu="fallback"]');
      await expect.poll(() => alert.textContent()).toContain("Warning: fell back to CPU");
      expect(await alert.textContent()).toContain(`Reason: ${reason}`);

      expect(await page.locator('tr[data-gpu-model="linear"] td').first().textContent()).toBe(health.models[0]?.task);
      expect(await page.locator('tr[data-gpu-priority="normal"] td').textContent()).toBe("0");
      expect(await page.locator('tr[data-gpu-batch="1"] td').first().textContent()).toBe(String(1 + extra));
      expect(await page.locator('tr[data-gpu-batch="2"] td').first().textContent()).toBe("1");
      expect(await page.locator('tr[data-gpu-latency="compute"] td').last().textContent()).toBe(String(2 + extra));
      expect(await page.locator('tr[data-gpu-refusal="unauthorized"] td').textContent()).toBe("1");
      const meter = page.getByRole("meter", { name: "Process memory" });
      expect(Number(await meter.getAttribute("value"))).toBeGreaterThan(0);
      expect(await page.locator('[data-gpu="memory"]').textContent()).toMatch(/soft limit .* critical limit .* State: OK/);

      // Polling: more completed requests appear without a reload.
      const completed = page.locator('[data-gpu="completed"]');
      const before = Number(await completed.textContent());
      expect(await runner.infer([[0, 0, 1]])).toBe(200);
      extra += 1;
      await expect.poll(() => completed.textContent(), { timeout: 10_000 }).toBe(String(before + 1));
      await page.locator('[data-gpu="throughput"]').filter({ hasText: "rows/s, " }).waitFor();

      await axe(page, `GPU runner (${scheme})`);
      if (SHOTS) await page.screenshot({ path: `${SHOTS}-${scheme}.png`, fullPage: true });
      await page.context().close();
    }
  });

  it("reflows at 390 px: tables scroll inside their regions; axe", async () => {
    const page = await openSignedIn("/gpu", { viewport: { width: 390, height: 844 } });
    await page.locator('tr[data-gpu-model="linear"]').waitFor();
    await page.locator('tr[data-gpu-batch="2"]').waitFor();
    await axe(page, "GPU runner (390 px wide)");
    if (SHOTS) await page.screenshot({ path: `${SHOTS}-390.png`, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "the GPU page scrolls sideways").toBeLessThanOrEqual(0);
  });

  it("counts live worker processes on the overview, not pools times workers", async () => {
    const pools = (await (await platform.api("/api/v1/pools")).json()) as { pools: Array<{ workers: number }> };
    // The old card summed these: two processes serving two pools each read as four.
    expect(pools.pools.reduce((n, p) => n + p.workers, 0)).toBe(4);
    const page = await openSignedIn("/");
    const card = page.locator("dl > div").filter({ has: page.locator("dt", { hasText: /^Workers$/ }) });
    await expect.poll(() => card.locator("dd").first().textContent(), { timeout: 10_000 }).toBe("2");
  });

  it("charts the last hour's completed, failed and run time on the overview and the pool page, each with a data table; axe dark and 390 px", async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await platform.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.noop", payload: {} }) });
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { id: string }).id);
    }
    await eventually(async () => {
      const statuses = await Promise.all(ids.map(async (id) => ((await (await platform.api(`/api/v1/tasks/${id}`)).json()) as { status: string }).status));
      return statuses.every((s) => s === "completed");
    }, 20_000, "the three tasks completed");
    // The history reaches the database in the writer's next batch: wait until the stats count them.
    await eventually(async () => {
      const stats = (await (await platform.api("/api/v1/task-stats?pool=batch&minutes=5")).json()) as { pools: Array<{ buckets: Array<{ completed: number }> }> };
      return stats.pools[0]?.buckets.reduce((n, b) => n + b.completed, 0) === 3;
    }, 20_000, "the stats count three");

    const overview = await openSignedIn("/", { colorScheme: "dark" });
    const all = overview.locator('[data-task-stats="all"]');
    await all.getByText("In all: 3 completed, 0 failed.").waitFor();
    expect(await all.locator("figure").count()).toBe(3);
    // Each chart is drawn (a canvas inside the named image) and has its numbers in a table.
    await all.getByRole("img", { name: /^Completed: 3 completed in the last hour/ }).locator("canvas").first().waitFor();
    await all.getByText("Completed: data table").click();
    const table = all.getByRole("table", { name: "Completed per minute (tasks per minute)" });
    await table.waitFor();
    expect(await table.locator("thead th").allTextContents()).toEqual(["Minute", ...Object.keys(platform.pools)]);
    expect(await table.locator("tbody tr").count()).toBe(60);
    await axe(overview, "overview with charts (dark)");
    if (SHOTS) await all.locator("figure").first().screenshot({ path: `${SHOTS}-chart-dark.png` });

    const pool = await openSignedIn("/pools/batch", { viewport: { width: 390, height: 844 } });
    const one = pool.locator('[data-task-stats="batch"]');
    await one.getByText("In all: 3 completed, 0 failed.").waitFor();
    await one.getByText("Run time p50 and p95: data table").click();
    const runTime = one.getByRole("table", { name: "Run time p50 and p95 per minute (milliseconds)" });
    expect(await runTime.locator("thead th").allTextContents()).toEqual(["Minute", "p50", "p95"]);
    await one.locator("canvas").first().waitFor();
    await axe(pool, "pool batch with charts (390 px wide)");
    if (SHOTS) await pool.screenshot({ path: `${SHOTS}-pool-390.png`, fullPage: true });
    const overflow = await pool.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow, "the pool page scrolls sideways").toBeLessThanOrEqual(0);
  });

  it("says the runner is not available when it stops answering", { timeout: 150_000 }, async () => {
    await runner.close();
    const page = await openSignedIn("/gpu", { colorScheme: "dark" });
    // The page polls every 3 s; on a loaded machine (every browser test file at once) the first
    // answers after the close can take a while.
    await page.getByText(/The GPU runner is not available: .*unreachable/).waitFor({ timeout: 90_000 });
    await axe(page, "GPU runner unavailable (dark)");
  });
});
