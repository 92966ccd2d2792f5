import type { ServerResponse } from "node:http";
import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBatchChildren } from "@switchyard/core";
import { createDatabase, type Database } from "@switchyard/db";
import { createLogger } from "@switchyard/observability";
import { startWorkerRuntime, type WorkerRuntime } from "@switchyard/queue";
import { PageScraper, RobotsCache, SsrfGuard, parseAllowList } from "@switchyard/scraper";
import { DEFAULT_POOLS, type BatchView, type PoolsConfig } from "@switchyard/shared";
import { createHandlers } from "@switchyard/tasks";
import { loopbackOnly, startLocalSite, type LocalSite } from "../../../packages/scraper/src/testing/local-site.js";
import { eventually, type TestPlatform } from "../../../test-support/platform-harness.js";
import { axe, axeInBothSchemes, axeWhenNarrow, expectTitle, signInWithKeyboard, startBrowserPlatform, type BrowserPlatform } from "./browser-support.js";

/**
 * The batches pages against the real platform: a worker runtime in this process serves the batch
 * and scrape pools with the real batch and scrape handlers, scraping a plain-text site on
 * 127.0.0.1 (no browser needed for text/plain; robots.txt disallows /private). Pages under /hold/
 * are held open until the test releases them, so a batch stays running exactly as long as the
 * test needs. What the pages do is checked against the REST API. axe (WCAG 2.2 AA) in light,
 * dark and at 390 px.
 */

const VIEWPORT = { width: 1440, height: 900 };
const SHOTS = process.env["BATCH_SCREENSHOTS"] ?? "/tmp/batches";
// Room for every held child of the batches that run at once (B, C, D hold 8 pages at most).
const POOLS: PoolsConfig = {
  ...DEFAULT_POOLS,
  batch: { ...DEFAULT_POOLS.batch, concurrency: 8 },
  scrape: { ...DEFAULT_POOLS.scrape, concurrency: 12 },
};
const VIEWER = { email: "vera@example.com", name: "Vera Viewer", password: "viewer passphrase of some length", role: "viewer" };
const WAIT = 60_000;

type Counts = BatchView["counts"];

describe("batches pages in Chromium", () => {
  let env: BrowserPlatform | undefined;
  let platform: TestPlatform;
  let site: LocalSite | undefined;
  let worker: WorkerRuntime | undefined;
  let db: Database | undefined;
  const safety = loopbackOnly();
  const held = new Map<string, ServerResponse>();
  // Batches the tests share: A completed, B running (held), C running then released.
  let completedA = "";
  let runningB = "";
  let releasedC = "";

  const url = (path: string): string => `http://127.0.0.1:${site?.port ?? 0}${path}`;

  /** Answers a held page (its child completes); waits for the request to have arrived. */
  async function release(path: string): Promise<void> {
    const res = await eventually(async () => held.get(path), WAIT, `the request for ${path}`);
    held.delete(path);
    res.writeHead(200, { "content-type": "text/plain" }).end(`text of ${path}`);
  }

  async function openSignedIn(path: string, options: BrowserContextOptions = {}): Promise<Page> {
    const page = await (env as BrowserPlatform).newPage(options);
    page.setDefaultTimeout(WAIT);
    await page.goto(`${platform.url}${path}`);
    await signInWithKeyboard(page, platform.token);
    return page;
  }

  async function openWithPassword(path: string, person: { email: string; password: string }): Promise<Page> {
    const page = await (env as BrowserPlatform).newPage();
    page.setDefaultTimeout(WAIT);
    await page.goto(`${platform.url}${path}`);
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password").fill(person.password);
    await page.getByLabel("Password").press("Enter");
    return page;
  }

  async function submit(urls: string[], priority?: string): Promise<string> {
    const res = await platform.api("/api/v1/batches/scrape", { method: "POST", body: JSON.stringify({ urls, ...(priority ? { priority } : {}) }) });
    expect(res.status, await res.clone().text()).toBe(202);
    return ((await res.json()) as { id: string }).id;
  }

  async function batch(id: string, query = "?limit=0"): Promise<BatchView> {
    const res = await platform.api(`/api/v1/batches/${id}${query}`);
    expect(res.status, await res.clone().text()).toBe(200);
    return (await res.json()) as BatchView;
  }

  /** Until the batch's REST answer satisfies `check`. */
  async function until(id: string, check: (b: BatchView) => boolean, what: string): Promise<BatchView> {
    return eventually(async () => {
      const b = await batch(id);
      return check(b) ? b : undefined;
    }, WAIT, `batch ${id}: ${what}`);
  }

  const counted = (c: Partial<Counts>) => (b: BatchView) => Object.entries(c).every(([k, v]) => b.counts[k as keyof Counts] === v);
  const row = (page: Page, id: string) => page.locator(`tr[data-batch="${id}"]`);
  const listBar = (page: Page, id: string) => page.getByRole("progressbar", { name: `Progress of batch ${id}` });
  const detailBar = (page: Page) => page.getByRole("progressbar", { name: "Batch progress" });
  const count = (page: Page, key: string) => page.locator(`tr[data-count="${key}"] td`);
  const fact = (page: Page, name: string) => page.locator(`[data-fact="${name}"] dd`);

  /** The page did not reload since `markSameDocument` (live updates, not navigation). */
  const markSameDocument = (page: Page) => page.evaluate(() => Object.assign(window, { sameDocument: true }));
  const isSameDocument = (page: Page) => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument === true);

  beforeAll(async () => {
    env = await startBrowserPlatform({ viewport: VIEWPORT, pools: POOLS });
    platform = env.platform;
    site = await startLocalSite((req, res) => {
      const path = req.url ?? "/";
      if (path === "/robots.txt") return void res.writeHead(200, { "content-type": "text/plain" }).end("User-agent: *\nDisallow: /private\n");
      if (path.startsWith("/hold/")) return void held.set(path, res);
      res.writeHead(200, { "content-type": "text/plain" }).end(`text of ${path}`);
    });
    const guard = new SsrfGuard({ allow: parseAllowList("127.0.0.1/32") });
    const fetchOptions = { beforeConnect: safety.beforeConnect };
    db = await createDatabase(platform.databaseUrl);
    worker = await startWorkerRuntime({
      redisUrl: platform.redisUrl,
      prefix: platform.prefix,
      pools: POOLS,
      poolNames: ["batch", "scrape"],
      handlers: createHandlers({
        probeTargets: {},
        scrape: { scraper: new PageScraper({ guard, robots: new RobotsCache({ guard, userAgent: "SwitchyardBot", fetchOptions }), fetchOptions }) },
        batch: { children: createBatchChildren(platform.web.platform), pollMs: 100 },
      }),
      db,
      logger: createLogger("test", "silent"),
      shutdownGraceMs: 5_000,
    });
  }, 300_000);

  afterAll(async () => {
    for (const res of held.values()) res.destroy();
    held.clear();
    await worker?.close();
    await db?.close();
    await env?.close();
    await site?.close();
    expect(safety.refused).toEqual([]);
  }, 120_000);

  it("lists a completed and a running batch with their progress, newest first; the running one moves live; kind filter; axe light, dark and 390 px", async () => {
    completedA = await submit(["/page/a-0", "/page/a-1", "/page/a-2", "/page/a-3"].map(url));
    await until(completedA, (b) => b.status === "completed", "completed");
    runningB = await submit(["/hold/b-0", "/hold/b-1", "/hold/b-2"].map(url));
    await until(runningB, (b) => b.counts.active === 3 && (b.progress.message ?? "").startsWith("0/3"), "3 children held, progress reported");

    const page = await openSignedIn("/");
    const nav = page.getByRole("navigation", { name: "Primary" });
    await nav.getByRole("link", { name: "Batches", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Batches" }).waitFor();
    await expectTitle(page, "Batches · Switchyard");
    expect(await nav.getByRole("link", { name: "Batches", exact: true }).getAttribute("aria-current")).toBe("page");

    await row(page, runningB).waitFor();
    await row(page, completedA).waitFor();
    const ids = await page.locator("tr[data-batch]").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-batch")));
    expect(ids).toEqual([runningB, completedA]);

    // The completed batch: status, priority, size, a full bar whose value text carries the tally.
    await row(page, completedA).locator('[data-status="completed"]').waitFor();
    expect(await row(page, completedA).locator('[data-col="kind"]').innerText()).toBe("scrape");
    expect(await row(page, completedA).locator('[data-col="priority"]').innerText()).toBe("bulk");
    expect(await row(page, completedA).locator('[data-col="total"]').innerText()).toBe("4");
    const barA = listBar(page, completedA);
    expect(await barA.getAttribute("value")).toBe("100");
    await eventually(
      async () => (await barA.getAttribute("aria-valuetext")) === "100 percent: 4/4 pages finished: 4 completed, 0 failed, 0 cancelled",
      WAIT,
      "A's tally",
    );

    // The running one, then one of its pages is released: the bar and tally follow without a reload.
    await row(page, runningB).locator('[data-status="running"]').waitFor();
    const barB = listBar(page, runningB);
    expect(await barB.getAttribute("value")).toBe("0");
    expect(await row(page, runningB).locator("[data-progress-message]").innerText()).toBe("0/3 pages finished: 0 completed, 0 failed, 0 cancelled");
    await page.locator("[data-summary]").getByText("2 batches on this page: 1 running, 1 completed.").waitFor();
    await markSameDocument(page);
    await release("/hold/b-0");
    await row(page, runningB).locator("[data-progress-message]").getByText("1/3 pages finished: 1 completed, 0 failed, 0 cancelled").waitFor();
    expect(await barB.getAttribute("value")).toBe("33");
    expect(await isSameDocument(page)).toBe(true);

    // The whole table is no live region (only the summary line is).
    expect(await page.locator("[aria-live] table").count()).toBe(0);

    await axeInBothSchemes(page, "batches", SHOTS);
    await axeWhenNarrow(page, "batches", SHOTS, VIEWPORT);

    const filters = page.getByRole("form", { name: "Batch filters" });
    await filters.getByLabel("Kind").selectOption("embed");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await page.getByText("No embed batches yet.").waitFor();
    expect(await page.locator("tr[data-batch]").count()).toBe(0);
    await filters.getByLabel("Kind").selectOption("scrape");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await row(page, completedA).waitFor();

    // The id links to the batch's page.
    await row(page, completedA).getByRole("link", { name: completedA }).click();
    await page.getByRole("heading", { level: 1, name: `Batch ${completedA}` }).waitFor();
    await expectTitle(page, `Batch ${completedA} · Switchyard`);
  }, 240_000);

  it("starts a scrape batch from the form: the API's field errors name the line and field; the new batch has the chosen priority", async () => {
    const page = await openSignedIn("/batches");
    await page.getByRole("heading", { level: 1, name: "Batches" }).waitFor();
    const form = page.locator("section", { has: page.getByRole("heading", { name: "Start a scrape batch" }) });
    const urls = form.getByLabel("URLs, one per line");
    const alert = form.getByRole("alert");

    // Line 4 (after a blank line) is the third URL sent: the API's `urls.2`.
    await urls.fill([url("/page/f-0"), "", url("/page/f-1"), "ftp://127.0.0.1/x"].join("\n"));
    await form.getByRole("button", { name: "Start batch" }).click();
    await alert.getByText(/^Line 4 \(ftp:\/\/127\.0\.0\.1\/x\): /).waitFor();
    expect(await urls.getAttribute("aria-invalid")).toBe("true");
    expect(await urls.evaluate((el) => el === document.activeElement)).toBe(true);
    await axe(page, "batches, the form refused (light)");

    await urls.fill([url("/page/f-0"), "", url("/page/f-1")].join("\n"));
    const collection = form.getByLabel("Ingest into collection (optional)");
    await collection.fill("x");
    await form.getByRole("button", { name: "Start batch" }).click();
    await alert.getByText(/^Collection: /).waitFor();
    expect(await collection.getAttribute("aria-invalid")).toBe("true");
    expect(await urls.getAttribute("aria-invalid")).toBeNull();
    expect(await collection.evaluate((el) => el === document.activeElement)).toBe(true);

    await collection.fill("");
    const priority = form.getByLabel("Priority");
    expect(await priority.inputValue()).toBe("bulk");
    await priority.selectOption("high");
    await form.getByRole("button", { name: "Start batch" }).click();
    const outcome = form.locator('[role="status"][aria-live="polite"]');
    await outcome.getByText(/started: 2 URLs at high priority\./).waitFor();
    // The refusal is gone (its region is empty, so hidden).
    expect(await form.locator('[role="alert"]').textContent()).toBe("");
    expect(await urls.inputValue()).toBe("");
    const id = (await outcome.getByRole("link").innerText()).trim();

    const submitted = await batch(id);
    expect(submitted).toMatchObject({ id, kind: "scrape", priority: "high", total: 2 });
    await row(page, id).waitFor();
    expect(await row(page, id).locator('[data-col="priority"]').innerText()).toBe("high");
    await until(id, (b) => b.status === "completed", "the form's batch completed");
    await row(page, id).locator('[data-status="completed"]').waitFor();

    await outcome.getByRole("link", { name: id }).click();
    await page.getByRole("heading", { level: 1, name: `Batch ${id}` }).waitFor();
    expect(await fact(page, "priority").innerText()).toBe("high");
  }, 240_000);

  it("shows a running batch's counts and a live progress bar that moves as held pages are released, then its completion and results", async () => {
    releasedC = await submit(["/page/c-0", "/hold/c-1", "/hold/c-2"].map(url));
    await until(releasedC, counted({ completed: 1, active: 2 }), "1 completed, 2 held");

    const page = await openSignedIn(`/batches/${releasedC}`);
    await page.getByRole("heading", { level: 1, name: `Batch ${releasedC}` }).waitFor();
    await fact(page, "status").getByText("Running").waitFor();
    await page.locator('[data-live="connected"]').waitFor();
    await eventually(async () => (await count(page, "completed").innerText()) === "1", WAIT, "1 completed shown");
    expect(await count(page, "active").innerText()).toBe("2");
    expect(await count(page, "total").innerText()).toBe("3");
    const bar = detailBar(page);
    await eventually(async () => (await bar.getAttribute("value")) === "33", WAIT, "33 %");
    expect(await bar.getAttribute("aria-valuetext")).toBe("33 percent: 1/3 pages finished: 1 completed, 0 failed, 0 cancelled");
    await page.locator('[data-result="0"]').waitFor();
    await markSameDocument(page);

    await release("/hold/c-1");
    await eventually(async () => (await bar.getAttribute("value")) === "66", WAIT, "66 %");
    await eventually(async () => (await count(page, "completed").innerText()) === "2", WAIT, "2 completed shown");
    expect(await count(page, "active").innerText()).toBe("1");

    await release("/hold/c-2");
    await fact(page, "status").getByText("Completed").waitFor();
    await eventually(async () => (await bar.getAttribute("value")) === "100", WAIT, "100 %");
    await page.locator('[role="status"]').getByText("The batch completed: 3/3 pages finished: 3 completed, 0 failed, 0 cancelled.").waitFor();
    await eventually(async () => (await page.locator("tr[data-result]").count()) === 3, WAIT, "3 results");
    expect(await page.locator('[data-result="2"] [data-col="summary"]').innerText()).toBe(`HTTP 200 · ${url("/hold/c-2")}`);
    expect(await isSameDocument(page)).toBe(true);
    expect(await batch(releasedC)).toMatchObject({ status: "completed", done: 3 });
    // Nothing to cancel once it has ended.
    expect(await page.getByRole("button", { name: "Cancel batch…" }).count()).toBe(0);
  }, 240_000);

  it("lists the failures of robots-disallowed pages and pages the results by child index; axe light, dark and 390 px", async () => {
    const privateAt = [3, 17, 28];
    const urls = Array.from({ length: 30 }, (_, i) => url(privateAt.includes(i) ? `/private/e-${i}` : `/page/e-${i}`));
    const id = await submit(urls);
    await until(id, (b) => b.status === "completed", "completed");

    const page = await openSignedIn(`/batches/${id}`);
    await page.getByRole("heading", { level: 1, name: `Batch ${id}` }).waitFor();
    await fact(page, "status").getByText("Completed").waitFor();
    expect(await count(page, "completed").innerText()).toBe("27");
    expect(await count(page, "dead").innerText()).toBe("3");

    const failures = page.getByRole("table", { name: "Failed children: index, input, error and task" });
    await failures.waitFor();
    const failed = await failures.locator("tr[data-failure]").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-failure")));
    expect(failed).toEqual(privateAt.map(String));
    const first = failures.locator('tr[data-failure="3"]');
    expect(await first.locator('[data-col="input"]').innerText()).toBe(url("/private/e-3"));
    expect(await first.locator('[data-col="error"]').innerText()).toMatch(/robots/i);

    // Results: 25 children per page, the failed ones left out.
    const results = page.locator("tr[data-result]");
    const indexes = () => results.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute("data-result"))));
    await eventually(async () => (await results.count()) === 23, WAIT, "the first page of results");
    expect(await indexes()).toEqual(Array.from({ length: 25 }, (_, i) => i).filter((i) => !privateAt.includes(i)));
    expect(await page.locator('[data-result="4"] [data-col="summary"]').innerText()).toBe(`HTTP 200 · ${url("/page/e-4")}`);

    await axeInBothSchemes(page, "batch with failures", SHOTS);
    await axeWhenNarrow(page, "batch with failures", SHOTS, VIEWPORT);

    const pager = page.getByRole("navigation", { name: "Result pages" });
    await pager.getByRole("button", { name: "Next page" }).click();
    await eventually(async () => JSON.stringify(await indexes()) === JSON.stringify([25, 26, 27, 29]), WAIT, "the second page of results");
    expect(await pager.getByRole("button", { name: "Next page" }).getAttribute("aria-disabled")).toBe("true");
    await pager.getByRole("button", { name: "Previous page" }).click();
    await eventually(async () => (await results.count()) === 23, WAIT, "the first page again");

    // A failure's task links to the task page.
    const view = await batch(id);
    const taskId = view.failures[0]?.taskId ?? "";
    await first.getByRole("link", { name: taskId }).click();
    await page.getByRole("heading", { level: 1, name: `Task ${taskId}` }).waitFor();
  }, 240_000);

  it("cancels a held batch after confirming: the page says so and shows every child cancelled, as REST does", async () => {
    const id = await submit(["/hold/d-0", "/hold/d-1", "/hold/d-2"].map(url));
    await until(id, counted({ active: 3 }), "3 children held");

    const page = await openSignedIn(`/batches/${id}`);
    await page.getByRole("heading", { level: 1, name: `Batch ${id}` }).waitFor();
    await eventually(async () => (await count(page, "active").innerText()) === "3", WAIT, "3 running shown");
    const cancel = page.getByRole("button", { name: "Cancel batch…" });
    await cancel.click();
    const confirm = page.getByRole("group", { name: "Cancel this batch?" });
    await confirm.waitFor();
    expect(await confirm.getByRole("button", { name: "Keep it running" }).evaluate((el) => el === document.activeElement)).toBe(true);
    await axe(page, "batch, confirming a cancel (light)");
    await page.keyboard.press("Escape");
    await confirm.waitFor({ state: "detached" });
    expect(await cancel.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await batch(id)).status).toBe("running");

    await cancel.click();
    await confirm.getByRole("button", { name: "Cancel batch", exact: true }).click();
    const outcome = page.locator('[role="status"][aria-live="polite"]').filter({ hasText: "cancelled" });
    await outcome.getByText(/^(Batch cancelled|The batch was told to stop and is still stopping): \d (child|children) cancelled, \d already ended or stopping\.$/).waitFor();
    // The button is gone with the running batch: focus is on the page's heading, not lost.
    expect(await page.getByRole("heading", { level: 1 }).evaluate((el) => el === document.activeElement)).toBe(true);
    await fact(page, "status").getByText("Cancelled").waitFor();
    await eventually(async () => (await count(page, "cancelled").innerText()) === "3", WAIT, "3 cancelled shown");
    expect(await page.getByRole("button", { name: "Cancel batch…" }).count()).toBe(0);

    const after = await until(id, counted({ cancelled: 3 }), "every child cancelled");
    expect(after).toMatchObject({ status: "cancelled", taskStatus: "cancelled", done: 3 });
  }, 240_000);

  it("pages the list with its cursor; a viewer sees neither the form nor Cancel; an unknown id reads as batch not found", async () => {
    // 6 batches so far; 5 more of one page each make 11: two pages of 10.
    const extra: string[] = [];
    for (let i = 0; i < 5; i++) extra.push(await submit([url(`/page/g-${i}`)]));
    const page = await openSignedIn("/batches");
    await row(page, extra[4] ?? "").waitFor();
    const filters = page.getByRole("form", { name: "Batch filters" });
    await filters.getByLabel("Rows per page").selectOption("10");
    await filters.getByRole("button", { name: "Apply filters" }).click();
    await eventually(async () => (await page.locator("tr[data-batch]").count()) === 10, WAIT, "10 rows");
    const pager = page.getByRole("navigation", { name: "Batch pages" });
    await pager.getByRole("button", { name: "Next page" }).click();
    // The oldest batch is alone on the second page.
    await eventually(async () => (await page.locator("tr[data-batch]").count()) === 1, WAIT, "1 row on page 2");
    await row(page, completedA).waitFor();
    await pager.getByText("Page 2 · 1 batch shown").waitFor();
    await pager.getByRole("button", { name: "Previous page" }).click();
    await eventually(async () => (await page.locator("tr[data-batch]").count()) === 10, WAIT, "10 rows again");

    const res = await platform.api("/api/v1/users", { method: "POST", body: JSON.stringify(VIEWER) });
    expect(res.status, await res.clone().text()).toBe(201);
    const viewer = await openWithPassword("/batches", VIEWER);
    await viewer.getByRole("heading", { level: 1, name: "Batches" }).waitFor();
    await row(viewer, runningB).waitFor();
    expect(await viewer.getByRole("heading", { name: "Start a scrape batch" }).count()).toBe(0);
    await viewer.goto(`${platform.url}/batches/${runningB}`);
    await viewer.getByRole("heading", { level: 1, name: `Batch ${runningB}` }).waitFor();
    await fact(viewer, "status").getByText("Running").waitFor();
    expect(await viewer.getByRole("button", { name: "Cancel batch…" }).count()).toBe(0);

    // A task that is no batch (one of C's children), and an id nobody has.
    const child = (await batch(releasedC, "?limit=1")).results[0]?.taskId ?? "";
    for (const id of [child, "0000000000000000000000"]) {
      await page.goto(`${platform.url}/batches/${id}`);
      await page.getByRole("heading", { level: 1, name: "Batch not found" }).waitFor();
      await page.getByText(`There is no batch with the id ${id}.`).waitFor();
    }
    await axe(page, "batch not found (light)");
  }, 240_000);
});
