import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clearFault, createBreakerRegistry, setFault, type BreakerRegistry } from "@switchyard/queue";
import { DEFAULT_POOLS, type PoolsConfig } from "@switchyard/shared";
import { eventually, type TestPlatform } from "../../../test-support/platform-harness.js";
import { axe, expectTitle, signInWithKeyboard, startBrowserPlatform, type BrowserPlatform } from "./browser-support.js";

/**
 * The operator pages (dead letters, workers, pool controls) against the real platform: tasks
 * really die in a real worker, are redriven from the UI and complete; the worker and its
 * breakers come from real heartbeats. axe (WCAG 2.2 AA) in light and dark.
 */

const VIEWPORT = { width: 1440, height: 900 };
const SHOTS = process.env["OPERATOR_SCREENSHOTS"] ?? "/tmp/operator";
const WORKER_ID = "ui-worker";
const FLAG = "ui-drill";
const FLAKY = 12;
// Retries 0: a failing task is dead after its first attempt, so the test need not wait out backoff.
const POOLS: PoolsConfig = { ...DEFAULT_POOLS, batch: { ...DEFAULT_POOLS.batch, retries: 0 } };

type Json = Record<string, unknown>;

describe("operator pages in Chromium", () => {
  let env: BrowserPlatform | undefined;
  let platform: TestPlatform;
  let breakers: BreakerRegistry | undefined;
  let flakyIds: string[] = [];
  let timeoutId = "";

  const newPage = (options: BrowserContextOptions = {}): Promise<Page> => (env as BrowserPlatform).newPage(options);

  async function openSignedIn(path: string, options: BrowserContextOptions = {}, token = platform.token): Promise<Page> {
    const page = await newPage(options);
    await page.goto(`${platform.url}${path}`);
    await signInWithKeyboard(page, token);
    return page;
  }

  async function getJson(path: string): Promise<Json> {
    const res = await platform.api(path);
    expect(res.status, path).toBe(200);
    return (await res.json()) as Json;
  }

  async function taskStatus(id: string): Promise<unknown> {
    return (await getJson(`/api/v1/tasks/${id}`))["status"];
  }

  async function batchPool(): Promise<{ paused: boolean; config: { concurrency: number }; counts: { waiting: number } }> {
    const res = await platform.api("/api/v1/pools");
    const { pools } = (await res.json()) as {
      pools: Array<{ name: string; paused: boolean; config: { concurrency: number }; counts: { waiting: number } }>;
    };
    const batch = pools.find((p) => p.name === "batch");
    if (!batch) throw new Error("no batch pool");
    return batch;
  }

  const rows = (page: Page) => page.locator("tr[data-task]");
  const outcome = (page: Page) => page.locator('[role="status"][aria-live="polite"]').filter({ hasText: "requested" });

  beforeAll(async () => {
    env = await startBrowserPlatform({ viewport: VIEWPORT, pools: POOLS });
    platform = env.platform;
    breakers = createBreakerRegistry();
    await platform.startWorker({ poolNames: ["batch"], workerId: WORKER_ID, breakers });
  }, 240_000);

  afterAll(async () => {
    await env?.close();
    breakers?.dispose();
  });

  it("links Overview, Dead letters and Workers in the header, marking the current page", async () => {
    const page = await openSignedIn("/");
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    const nav = page.getByRole("navigation", { name: "Primary" });
    const link = (name: string) => nav.getByRole("link", { name, exact: true });
    expect(await link("Overview").getAttribute("aria-current")).toBe("page");
    expect(await link("Dead letters").getAttribute("aria-current")).toBeNull();

    await link("Dead letters").click();
    await page.getByRole("heading", { level: 1, name: "Dead letters" }).waitFor();
    expect(new URL(page.url()).pathname).toBe("/dead-letters");
    await expectTitle(page, "Dead letters · Switchyard");
    expect(await link("Dead letters").getAttribute("aria-current")).toBe("page");
    expect(await link("Overview").getAttribute("aria-current")).toBeNull();

    // Keyboard: the Workers link is reachable and follows on Enter.
    await link("Workers").focus();
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: "Workers" }).waitFor();
    await expectTitle(page, "Workers · Switchyard");
    expect(await link("Workers").getAttribute("aria-current")).toBe("page");
    expect(await link("Dead letters").getAttribute("aria-current")).toBeNull();
  });

  it("lists the real worker, alive, with its pools and every breaker closed; refreshes every few seconds; axe light and dark", async () => {
    for (const scheme of ["light", "dark"] as const) {
      const page = await openSignedIn("/workers", { colorScheme: scheme });
      const polls: number[] = [];
      page.on("request", (r) => {
        if (r.url().includes("/api/trpc/workers.list")) polls.push(Date.now());
      });
      await page.getByRole("heading", { level: 1, name: "Workers" }).waitFor();
      const row = page.locator(`tr[data-worker="${WORKER_ID}"]`);
      await row.waitFor();
      expect((await row.locator('td[data-col="status"]').innerText()).trim()).toBe("Alive");
      expect(await row.locator('td[data-col="pools"]').innerText()).toMatch(/batch\s*\(3\)/);
      expect(await row.innerText()).toContain(`PID ${process.pid}`);

      const panel = page.locator(`[data-breaker-panel="${WORKER_ID}"]`);
      await panel.getByRole("heading", { level: 3, name: WORKER_ID }).waitFor();
      const states = await panel.locator("tr[data-breaker]").evaluateAll((trs) =>
        trs.map((tr) => [tr.getAttribute("data-breaker"), tr.querySelector('[data-col="state"]')?.textContent?.trim()]),
      );
      expect(Object.fromEntries(states)).toEqual({ openai: "Closed", chroma: "Closed", browser: "Closed", "gpu-runner": "Closed" });

      await axe(page, `workers (${scheme})`);
      await page.screenshot({ path: `${SHOTS}-workers-${scheme}.png`, fullPage: true });
      if (scheme === "light") await eventually(async () => polls.length >= 2, 10_000, "the workers list refreshing");
    }
  });

  it("lists real dead tasks with their attempt history, filters and pages them, redrives a selection and all matching; they complete", async () => {
    const redisClient = platform.web.platform.redis;
    await setFault(redisClient, platform.prefix, FLAG);
    const submit = async (tasks: unknown[]): Promise<string[]> => {
      const res = await platform.api("/api/v1/tasks/bulk", { method: "POST", body: JSON.stringify({ tasks }) });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
      return ((await res.json()) as { ids: string[] }).ids;
    };
    flakyIds = await submit(Array.from({ length: FLAKY }, () => ({ type: "diagnostic.flaky", payload: { faultFlag: FLAG } })));
    [timeoutId] = (await submit([{ type: "diagnostic.sleep", payload: { ms: 5_000 }, timeoutMs: 200 }])) as [string];
    await eventually(
      async () => ((await getJson("/api/v1/dead-letters?limit=100"))["items"] as unknown[]).length === FLAKY + 1,
      30_000,
      "13 dead tasks",
    );

    const page = await openSignedIn("/dead-letters");
    await page.getByRole("heading", { level: 1, name: "Dead letters" }).waitFor();
    await eventually(async () => (await rows(page).count()) === FLAKY + 1, 10_000, "13 rows");
    const flakyRow = page.locator(`tr[data-task="${flakyIds[0]}"]`);
    expect(await flakyRow.innerText()).toContain("diagnostic.flaky");
    expect(await flakyRow.locator('td[data-col="error"]').innerText()).toBe(`fault flag ${FLAG} is set`);

    // Attempt history by keyboard: the toggle says whether it is open; the history names the worker.
    const toggle = page.locator(`tr[data-task="${timeoutId}"]`).getByRole("button", { name: /attempt/ });
    expect(await toggle.getAttribute("aria-expanded")).toBe("false");
    await toggle.focus();
    await page.keyboard.press("Enter");
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    const history = page.locator(`#history-${timeoutId}`);
    expect(await toggle.getAttribute("aria-controls")).toBe(`history-${timeoutId}`);
    expect(await history.innerText()).toContain("task timed out after 200 ms");
    expect(await history.innerText()).toContain(WORKER_ID);
    await axe(page, "dead letters with history (light)");
    await page.screenshot({ path: `${SHOTS}-dead-letters-light.png`, fullPage: true });

    // Filters: type + error text + 10 rows per page → two pages (10 + 2).
    await page.getByLabel("Task type").selectOption("diagnostic.flaky");
    await page.getByLabel("Pool").selectOption("batch");
    await page.getByLabel("Error contains").fill("fault flag");
    await page.getByLabel("Rows per page").selectOption("10");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await eventually(async () => (await rows(page).count()) === 10, 10_000, "10 rows on page 1");
    const pager = page.getByRole("navigation", { name: "Dead letter pages" });
    expect(await pager.innerText()).toContain("Page 1");
    const nextPage = pager.getByRole("button", { name: "Next page" });
    await nextPage.focus();
    await page.keyboard.press("Enter");
    await eventually(async () => (await rows(page).count()) === 2, 10_000, "2 rows on page 2");
    expect(await pager.innerText()).toContain("Page 2");
    // The pager stays while the next page loads, so keyboard focus is not lost.
    expect(await nextPage.evaluate((el) => el === document.activeElement)).toBe(true);
    expect(await pager.getByRole("button", { name: "Next page" }).getAttribute("aria-disabled")).toBe("true");
    expect(await page.locator(`tr[data-task="${timeoutId}"]`).count()).toBe(0);
    await pager.getByRole("button", { name: "Previous page" }).click();
    await eventually(async () => (await rows(page).count()) === 10, 10_000, "10 rows back on page 1");

    // Nothing finished after a future time: the empty state says so.
    await page.getByLabel("Finished since").fill("2099-01-01T00:00:00");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText("No dead tasks match these filters.").waitFor();
    await page.getByLabel("Finished since").fill("");
    await page.getByLabel("Rows per page").selectOption("25");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await eventually(async () => (await rows(page).count()) === FLAKY, 10_000, "12 flaky rows");

    // The cause is gone: redrive two selected tasks (one by mouse, one by keyboard).
    await clearFault(redisClient, platform.prefix, FLAG);
    const [first, second] = flakyIds as [string, string];
    await page.getByRole("checkbox", { name: `Select task ${first}` }).check();
    await page.getByRole("checkbox", { name: `Select task ${second}` }).focus();
    await page.keyboard.press("Space");
    const redriveSelected = page.getByRole("button", { name: "Redrive selected (2)" });
    await redriveSelected.click();
    await outcome(page).getByText("Redrive selected: 2 requested, 2 redriven, 0 skipped.").waitFor();
    await eventually(async () => (await rows(page).count()) === FLAKY - 2, 10_000, "the two redriven rows gone");
    expect(await page.locator(`tr[data-task="${first}"]`).count()).toBe(0);
    for (const id of [first, second]) await eventually(async () => (await taskStatus(id)) === "completed", 20_000, `${id} completed`);
    // Nothing selected now: the button stays focusable but says it is unavailable.
    expect(await page.getByRole("button", { name: "Redrive selected (0)" }).getAttribute("aria-disabled")).toBe("true");

    // Redrive all matching asks first; Escape backs out and returns focus.
    const redriveAll = page.getByRole("button", { name: "Redrive all matching…" });
    await redriveAll.click();
    const confirm = page.getByRole("group", { name: "Redrive every dead task matching the filters?" });
    await confirm.waitFor();
    expect(await confirm.innerText()).toContain("type diagnostic.flaky, pool batch, error containing “fault flag”");
    await axe(page, "dead letters, confirming redrive (light)");
    await page.keyboard.press("Escape");
    await confirm.waitFor({ state: "detached" });
    expect(await redriveAll.evaluate((el) => el === document.activeElement)).toBe(true);
    await redriveAll.click();
    await confirm.getByRole("button", { name: "Redrive all matching" }).click();
    await outcome(page).getByText(`Redrive all matching: ${FLAKY - 2} requested, ${FLAKY - 2} redriven, 0 skipped.`).waitFor();
    await page.getByText("No dead tasks match these filters.").waitFor();
    for (const id of flakyIds) await eventually(async () => (await taskStatus(id)) === "completed", 20_000, `${id} completed`);

    // Clearing the filters shows what is still dead: the timed-out task only.
    await page.getByRole("button", { name: "Clear filters" }).click();
    await eventually(async () => (await rows(page).count()) === 1, 10_000, "one dead task left");
    expect(await page.locator(`tr[data-task="${timeoutId}"]`).count()).toBe(1);
    await axe(page, "dead letters after redrive (light)");
  });

  it("passes axe on the dead letters page in dark, history open and confirming", async () => {
    const page = await openSignedIn("/dead-letters", { colorScheme: "dark" });
    await page.locator(`tr[data-task="${timeoutId}"]`).waitFor();
    await page.locator(`tr[data-task="${timeoutId}"]`).getByRole("button", { name: /attempt/ }).click();
    await page.locator(`#history-${timeoutId}`).waitFor();
    await page.getByRole("checkbox", { name: `Select task ${timeoutId}` }).check();
    await page.getByRole("button", { name: "Redrive all matching…" }).click();
    await page.getByRole("group", { name: "Redrive every dead task?" }).waitFor();
    await axe(page, "dead letters (dark)");
    await page.screenshot({ path: `${SHOTS}-dead-letters-dark.png`, fullPage: true });
  });

  it("reflows on a narrow screen: tables scroll inside focusable regions; axe", async () => {
    for (const path of ["/dead-letters", "/workers", "/pools/batch"]) {
      const page = await openSignedIn(path, { viewport: { width: 390, height: 844 } });
      await page.locator("main table, main [data-fact]").first().waitFor();
      await axe(page, `${path} (390 px wide)`);
      const pageOverflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(pageOverflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });

  it("pauses, resumes, sets concurrency and drains a pool from its page", async () => {
    const page = await openSignedIn("/");
    await page.locator('tr[data-pool="batch"]').getByRole("link", { name: "batch" }).click();
    await page.getByRole("heading", { level: 1, name: "Pool batch", exact: true }).waitFor();
    await expectTitle(page, "Pool batch · Switchyard");
    expect(await page.getByRole("navigation", { name: "Breadcrumb" }).getByText("Pool batch").getAttribute("aria-current")).toBe("page");
    const status = page.locator('[role="status"][aria-live="polite"]').filter({ hasText: "batch" });
    const fact = (name: string) => page.locator(`[data-fact="${name}"] dd`);

    await page.getByRole("button", { name: "Pause pool" }).click();
    await status.getByText("Pool batch paused").waitFor();
    expect((await batchPool()).paused).toBe(true);
    await page.getByRole("button", { name: "Resume pool" }).waitFor();

    // Paused: submitted tasks wait, so there is something to drain.
    const res = await platform.api("/api/v1/tasks/bulk", {
      method: "POST",
      body: JSON.stringify({ tasks: Array.from({ length: 5 }, () => ({ type: "diagnostic.noop", payload: {} })) }),
    });
    expect(res.status).toBe(202);
    await eventually(async () => (await fact("waiting").innerText()) === "5", 10_000, "5 waiting");

    // A value out of range is refused before it is sent, in an alert tied to the field.
    const concurrency = page.getByLabel("Tasks at once per worker process");
    await concurrency.fill("0");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.getByRole("alert").filter({ hasText: "Concurrency must be a whole number from 1 to 1,000." }).waitFor();
    expect(await concurrency.getAttribute("aria-invalid")).toBe("true");
    expect(await concurrency.evaluate((el) => el === document.activeElement)).toBe(true);
    await concurrency.fill("5");
    await page.keyboard.press("Enter");
    await status.getByText(/Concurrency of batch set to 5 per worker process/).waitFor();
    expect(await concurrency.getAttribute("aria-invalid")).toBeNull();
    expect((await batchPool()).config.concurrency).toBe(5);
    await eventually(async () => (await fact("concurrency").innerText()) === "5 per worker", 10_000, "concurrency 5 shown");

    // Drain asks first; Escape keeps the tasks and returns focus to the button.
    const drain = page.getByRole("button", { name: "Drain waiting tasks…" });
    await drain.click();
    const confirm = page.getByRole("group", { name: "Drain the batch pool?" });
    await confirm.waitFor();
    expect(await confirm.getByRole("button", { name: "Keep the tasks" }).evaluate((el) => el === document.activeElement)).toBe(true);
    await axe(page, "pool batch, confirming drain (light)");
    await page.screenshot({ path: `${SHOTS}-pool-light.png`, fullPage: true });
    await page.keyboard.press("Escape");
    await confirm.waitFor({ state: "detached" });
    expect(await drain.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await batchPool()).counts.waiting).toBe(5);
    await drain.click();
    await confirm.getByRole("button", { name: "Drain now" }).click();
    await status.getByText("Drained batch: 5 waiting tasks removed and marked cancelled.").waitFor();
    expect((await batchPool()).counts.waiting).toBe(0);
    await eventually(async () => (await fact("waiting").innerText()) === "0", 10_000, "0 waiting");

    await page.getByRole("button", { name: "Resume pool" }).click();
    await status.getByText("Pool batch resumed").waitFor();
    expect((await batchPool()).paused).toBe(false);
    await concurrency.fill("3");
    await page.getByRole("button", { name: "Apply" }).click();
    await status.getByText(/set to 3 per worker process/).waitFor();
    await axe(page, "pool batch (light)");
  });

  it("shows the server's refusal in an alert (a viewer token may not steer pools); axe dark", async () => {
    const db = await platform.openDb();
    const { token } = await db.tokens.create({ name: "ui-viewer", role: "viewer" });
    const page = await openSignedIn("/pools/batch", { colorScheme: "dark" }, token);
    await page.getByRole("heading", { level: 1, name: "Pool batch", exact: true }).waitFor();
    await page.getByRole("button", { name: "Pause pool" }).click();
    await page.getByRole("alert").filter({ hasText: /Could not change the batch pool: .*pools:write.*\(HTTP 403\)/ }).waitFor();
    expect((await batchPool()).paused).toBe(false);
    await axe(page, "pool batch with an error (dark)");
    await page.screenshot({ path: `${SHOTS}-pool-dark.png`, fullPage: true });

    // The same token may not redrive either; the dead letters page says why.
    await page.getByRole("navigation", { name: "Primary" }).getByRole("link", { name: "Dead letters" }).click();
    await page.locator(`tr[data-task="${timeoutId}"]`).waitFor();
    await page.getByRole("checkbox", { name: `Select task ${timeoutId}` }).check();
    await page.getByRole("button", { name: "Redrive selected (1)" }).click();
    await page.getByRole("alert").filter({ hasText: /Could not redrive: .*tasks:control.*\(HTTP 403\)/ }).waitFor();
    expect(await taskStatus(timeoutId)).toBe("dead");
  });
});
