import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POOLS, type PoolsConfig } from "@switchyard/shared";
import { eventually, type TestPlatform } from "../../../test-support/platform-harness.js";
import { axe, expectTitle, signInWithKeyboard, startBrowserPlatform, type BrowserPlatform } from "./browser-support.js";

/**
 * The task explorer and the task page against the real platform: a real worker serves the batch
 * pool (tasks really run and report progress); tasks routed to pools nobody serves stay queued,
 * so bulk actions have something to act on. axe (WCAG 2.2 AA) in light, dark and at 390 px.
 */

const VIEWPORT = { width: 1440, height: 900 };
const SHOTS = process.env["TASK_SCREENSHOTS"] ?? "/tmp/task-pages";
const POOLS: PoolsConfig = { ...DEFAULT_POOLS, batch: { ...DEFAULT_POOLS.batch, retries: 0 } };

type Json = Record<string, unknown>;

describe("task pages in Chromium", () => {
  let env: BrowserPlatform | undefined;
  let platform: TestPlatform;
  let needleId = "";
  let sleepId = "";
  let cancelledIds: string[] = [];

  async function openSignedIn(path: string, options: BrowserContextOptions = {}): Promise<Page> {
    const page = await (env as BrowserPlatform).newPage(options);
    await page.goto(`${platform.url}${path}`);
    await signInWithKeyboard(page, platform.token);
    return page;
  }

  async function task(id: string): Promise<Json> {
    const res = await platform.api(`/api/v1/tasks/${id}`);
    expect(res.status, id).toBe(200);
    return (await res.json()) as Json;
  }

  async function submit(tasks: unknown[]): Promise<string[]> {
    const res = await platform.api("/api/v1/tasks/bulk", { method: "POST", body: JSON.stringify({ tasks }) });
    expect(res.status, await res.clone().text()).toBe(202);
    return ((await res.json()) as { ids: string[] }).ids;
  }

  async function setBatchPaused(paused: boolean): Promise<void> {
    const res = await platform.api("/api/v1/pools/batch", { method: "PATCH", body: JSON.stringify({ state: paused ? "paused" : "running" }) });
    expect(res.status, await res.clone().text()).toBe(200);
  }

  /** The REST answer says so (the history row is written in a batch a moment after the change). */
  async function statusOf(ids: readonly string[], status: string): Promise<void> {
    for (const id of ids) await eventually(async () => (await task(id))["status"] === status, 10_000, `${id} ${status}`);
  }

  const rows = (page: Page) => page.locator("tr[data-task]");
  const rowIds = (page: Page) => rows(page).evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-task")));
  const outcome = (page: Page) => page.locator('[role="status"][aria-live="polite"]');

  beforeAll(async () => {
    env = await startBrowserPlatform({ viewport: VIEWPORT, pools: POOLS });
    platform = env.platform;
    await platform.startWorker({ poolNames: ["batch"], workerId: "task-pages-worker" });
  }, 240_000);

  afterAll(async () => {
    await env?.close();
  });

  it("finds a task by a word of its payload; the URL keeps the filter, so a reload shows the same rows", async () => {
    [needleId] = (await submit([{ type: "diagnostic.flaky", payload: { faultFlag: "needle4711", ms: 0 } }])) as [string];
    const [otherId] = (await submit([{ type: "diagnostic.flaky", payload: { faultFlag: "haystack", ms: 0 } }])) as [string];
    await statusOf([needleId, otherId], "completed");

    const page = await openSignedIn("/");
    const nav = page.getByRole("navigation", { name: "Primary" });
    await nav.getByRole("link", { name: "Tasks", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Tasks" }).waitFor();
    await expectTitle(page, "Tasks · Switchyard");
    expect(await nav.getByRole("link", { name: "Tasks", exact: true }).getAttribute("aria-current")).toBe("page");
    await eventually(async () => (await rowIds(page)).includes(otherId), 10_000, "both tasks listed");

    await page.getByLabel("Text", { exact: true }).fill("needle4711");
    await page.getByLabel("Status", { exact: true }).selectOption("completed");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await eventually(async () => JSON.stringify(await rowIds(page)) === JSON.stringify([needleId]), 10_000, "only the needle task");
    const url = new URL(page.url());
    expect(url.pathname).toBe("/tasks");
    expect(Object.fromEntries(url.searchParams)).toEqual({ q: "needle4711", status: "completed" });
    const row = page.locator(`tr[data-task="${needleId}"]`);
    expect(await row.innerText()).toMatch(/diagnostic\.flaky\s+batch\s+normal\s+Completed/);

    await page.reload();
    await page.getByRole("heading", { level: 1, name: "Tasks" }).waitFor();
    await eventually(async () => JSON.stringify(await rowIds(page)) === JSON.stringify([needleId]), 10_000, "the same row after reload");
    expect(await page.getByLabel("Text", { exact: true }).inputValue()).toBe("needle4711");
    expect(await page.getByLabel("Status", { exact: true }).inputValue()).toBe("completed");
    await axe(page, "tasks, searched (light)");
    await page.screenshot({ path: `${SHOTS}-explorer-light.png`, fullPage: true });

    // The id links to the task's page.
    await row.getByRole("link", { name: needleId }).click();
    await page.getByRole("heading", { level: 1, name: `Task ${needleId}` }).waitFor();
    expect(await page.locator('[data-json="payload"] pre').innerText()).toContain('"faultFlag": "needle4711"');
  });

  it("bulk-cancels every task matching a filter after showing the count, then retries a selection; exactly those change", async () => {
    // Nobody serves maintenance or scrape here: these stay queued.
    const targets = await submit(Array.from({ length: 4 }, () => ({ type: "diagnostic.noop", payload: {}, pool: "maintenance" })));
    const bystanders = await submit(Array.from({ length: 2 }, () => ({ type: "diagnostic.noop", payload: {}, pool: "scrape" })));

    const page = await openSignedIn("/tasks?pool=maintenance&status=queued");
    await page.getByRole("heading", { level: 1, name: "Tasks" }).waitFor();
    await eventually(async () => (await rows(page).count()) === 4, 10_000, "4 queued maintenance rows");
    expect(new Set(await rowIds(page))).toEqual(new Set(targets));

    await page.getByRole("radio", { name: "All tasks matching the filters" }).check();
    const cancel = page.getByRole("button", { name: "Cancel…" });
    await cancel.click();
    const confirm = page.getByRole("group", { name: "Cancel 4 tasks?" });
    await confirm.waitFor();
    expect(await confirm.locator("[data-preview]").innerText()).toBe(
      "Matching status queued, pool maintenance: 4 tasks found, 4 tasks to cancel, 0 skipped.",
    );
    // The dry run changed nothing.
    for (const id of targets) expect((await task(id))["status"]).toBe("queued");
    await axe(page, "tasks, confirming a bulk cancel (light)");
    await page.keyboard.press("Escape");
    await confirm.waitFor({ state: "detached" });
    expect(await cancel.evaluate((el) => el === document.activeElement)).toBe(true);

    await cancel.click();
    await confirm.getByRole("button", { name: "Cancel 4 tasks" }).click();
    await outcome(page).getByText("Cancel: 4 tasks cancelled, 0 skipped.").waitFor();
    await statusOf(targets, "cancelled");
    for (const id of bystanders) expect((await task(id))["status"]).toBe("queued");
    await page.getByText("No tasks match these filters.").waitFor();

    // Retry two of the cancelled ones, chosen by hand.
    await page.getByLabel("Status", { exact: true }).selectOption("cancelled");
    await page.getByRole("button", { name: "Apply filters" }).click();
    await eventually(async () => (await rows(page).count()) === 4, 10_000, "4 cancelled rows");
    const [a, b, c, d] = targets as [string, string, string, string];
    await page.getByRole("radio", { name: /Selected rows/ }).check();
    await page.getByRole("checkbox", { name: `Select task ${a}` }).check();
    await page.getByRole("checkbox", { name: `Select task ${b}` }).focus();
    await page.keyboard.press("Space");
    await page.getByRole("radio", { name: "Selected rows (2)" }).waitFor();
    await page.getByRole("button", { name: "Retry…" }).click();
    const retry = page.getByRole("group", { name: "Retry 2 tasks?" });
    await retry.waitFor();
    expect(await retry.locator("[data-preview]").innerText()).toBe("Of the selected rows: 2 tasks found, 2 tasks to retry, 0 skipped.");
    await retry.getByRole("button", { name: "Retry 2 tasks" }).click();
    await outcome(page).getByText("Retry: 2 tasks retried, 0 skipped.").waitFor();
    await statusOf([a, b], "queued");
    for (const id of [c, d]) expect((await task(id))["status"]).toBe("cancelled");
    await eventually(async () => JSON.stringify([...(await rowIds(page))].sort()) === JSON.stringify([c, d].sort()), 10_000, "2 still cancelled");
    cancelledIds = [c, d];
  });

  it("retries and cancels one task from its page, announcing each", async () => {
    const [id] = cancelledIds as [string];
    const page = await openSignedIn(`/tasks/${id}`);
    const status = page.locator('[data-fact="status"] dd');
    await status.getByText("Cancelled").waitFor();
    expect(await page.getByRole("button", { name: "Cancel task" }).count()).toBe(0);

    await page.getByRole("button", { name: "Retry task" }).click();
    await outcome(page).getByText("Task queued again as a new run.").waitFor();
    await status.getByText("Queued").waitFor();
    await statusOf([id], "queued");

    await page.getByRole("button", { name: "Cancel task" }).click();
    await outcome(page).getByText("Task cancelled.").waitFor();
    await status.getByText("Cancelled").waitFor();
    await statusOf([id], "cancelled");
    await page.getByRole("button", { name: "Retry task" }).waitFor();
  });

  it("shows a running task's progress and messages live, then its completion and result, without a reload", async () => {
    await setBatchPaused(true);
    [sleepId] = (await submit([{ type: "diagnostic.sleep", payload: { ms: 4_000 } }])) as [string];
    const page = await openSignedIn(`/tasks/${sleepId}`);
    await page.getByRole("heading", { level: 1, name: `Task ${sleepId}` }).waitFor();
    await expectTitle(page, `Task ${sleepId} · Switchyard`);
    expect(await page.locator('[data-fact="status"] dd').innerText()).toBe("Queued");
    await page.locator('[data-live="connected"]').waitFor();
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const bar = page.getByRole("progressbar", { name: "Task progress" });
    expect(await bar.getAttribute("value")).toBe("0");

    await setBatchPaused(false);
    // Part-way: the bar has risen but the task is not done, and its message is in the log.
    await page.waitForFunction(() => {
      const v = (document.getElementById("task-progress") as HTMLProgressElement | null)?.value ?? 0;
      return v > 0 && v < 100;
    });
    await page.getByRole("log", { name: "Messages" }).getByText(/step [123] of 4/).first().waitFor();
    expect(await page.locator('[data-fact="status"] dd').innerText()).toBe("Running");

    await page.locator('[data-fact="status"] dd').getByText("Completed").waitFor({ timeout: 15_000 });
    await page.locator('[data-json="result"] pre').getByText('"sleptMs"').waitFor();
    expect(await bar.getAttribute("value")).toBe("100");
    expect(await page.getByRole("log", { name: "Messages" }).innerText()).toContain("step 4 of 4");
    const kinds = await page.locator("[data-timeline] li").evaluateAll((lis) => lis.map((li) => li.getAttribute("data-kind")));
    expect(kinds.indexOf("active")).toBeGreaterThanOrEqual(0);
    expect(kinds.indexOf("progress")).toBeGreaterThan(kinds.indexOf("active"));
    expect(kinds.lastIndexOf("completed")).toBeGreaterThan(kinds.lastIndexOf("progress"));
    expect(await page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument)).toBe(true);
    await page.locator('[data-fact="finished"]').getByText(/ran /).waitFor();
    await axe(page, "task page, completed (light)");
    await page.screenshot({ path: `${SHOTS}-detail-light.png`, fullPage: true });
  });

  it("duplicates a task with an edited payload: bad JSON and a bad payload are refused readably, a good one becomes a new task", async () => {
    const page = await openSignedIn(`/tasks/${sleepId}`);
    await page.locator('[data-fact="status"] dd').getByText("Completed").waitFor();
    const toggle = page.getByRole("button", { name: "Duplicate…" });
    await toggle.click();
    expect(await toggle.getAttribute("aria-expanded")).toBe("true");
    const payload = page.getByLabel("Payload (JSON)");
    expect(JSON.parse(await payload.inputValue())).toEqual({ ms: 4_000 });

    await payload.fill("{ ms: 1");
    await page.getByRole("button", { name: "Submit new task" }).click();
    await page.getByRole("alert").filter({ hasText: "Payload is not valid JSON" }).waitFor();
    expect(await payload.getAttribute("aria-invalid")).toBe("true");
    await payload.fill('{ "ms": -5 }');
    await page.getByRole("button", { name: "Submit new task" }).click();
    await page.getByRole("alert").filter({ hasText: /Could not submit the new task: .*ms.*\(HTTP 400\)/ }).waitFor();
    await axe(page, "task page, duplicating with an error (light)");

    await payload.fill('{ "ms": 150 }');
    await page.getByRole("button", { name: "Submit new task" }).click();
    await page.waitForURL((u) => u.pathname.startsWith("/tasks/") && u.pathname !== `/tasks/${sleepId}`);
    const newId = new URL(page.url()).pathname.slice("/tasks/".length);
    await page.getByRole("heading", { level: 1, name: `Task ${newId}` }).waitFor();
    const created = await task(newId);
    expect(created["type"]).toBe("diagnostic.sleep");
    expect(created["payload"]).toEqual({ ms: 150 });
    expect(created["pool"]).toBe("batch");
    await page.locator('[data-fact="status"] dd').getByText("Completed").waitFor({ timeout: 15_000 });
  });

  it("opens a task by its id, says so for an unknown id, and shows “no such task” for a missing page", async () => {
    const page = await openSignedIn("/tasks");
    const lookup = page.getByRole("textbox", { name: "Open a task by id" });
    await lookup.fill("NoSuchTask0000000000000");
    await page.getByRole("button", { name: "Open task" }).click();
    await page.getByRole("alert").filter({ hasText: "No task has the id NoSuchTask0000000000000." }).waitFor();
    await lookup.fill(needleId);
    await page.keyboard.press("Enter");
    await page.getByRole("heading", { level: 1, name: `Task ${needleId}` }).waitFor();

    await page.goto(`${platform.url}/tasks/NoSuchTask0000000000000`);
    await page.getByRole("heading", { level: 1, name: "No such task" }).waitFor();
    expect(await page.locator("main").innerText()).toContain("There is no task with the id NoSuchTask0000000000000.");
    await axe(page, "no such task (light)");
  });

  it("pages newest first with the cursor, the page size kept in the URL", async () => {
    const [newest] = (await submit(Array.from({ length: 3 }, () => ({ type: "diagnostic.noop", payload: {}, pool: "scrape" })))).slice(-1);
    // Every task of this file, newest first, once the newest one's history row is written.
    const all = await eventually(async () => {
      const res = await platform.api("/api/v1/tasks?limit=500");
      const ids = ((await res.json()) as { items: Array<{ id: string }> }).items.map((t) => t.id);
      return ids[0] === newest ? ids : undefined;
    }, 10_000, "the new tasks listed");
    expect(all.length).toBeGreaterThan(10);

    const page = await openSignedIn("/tasks?limit=10");
    await page.getByRole("heading", { level: 1, name: "Tasks" }).waitFor();
    await eventually(async () => JSON.stringify(await rowIds(page)) === JSON.stringify(all.slice(0, 10)), 10_000, "the newest 10");
    expect(await page.getByLabel("Rows per page").inputValue()).toBe("10");
    const pager = page.getByRole("navigation", { name: "Task pages" });
    await pager.getByRole("button", { name: "Next page" }).click();
    await eventually(async () => JSON.stringify(await rowIds(page)) === JSON.stringify(all.slice(10, 20)), 10_000, "the next (older) page");
    expect(await pager.innerText()).toContain("Page 2");
    await pager.getByRole("button", { name: "Previous page" }).click();
    await eventually(async () => JSON.stringify(await rowIds(page)) === JSON.stringify(all.slice(0, 10)), 10_000, "back on page 1");
  });

  it("passes axe on both pages in dark, and at 390 px wide without sideways scrolling", async () => {
    for (const path of ["/tasks?status=completed", `/tasks/${sleepId}`]) {
      const dark = await openSignedIn(path, { colorScheme: "dark" });
      await dark.locator("main table, main [data-fact]").first().waitFor();
      await axe(dark, `${path} (dark)`);
      await dark.screenshot({ path: `${SHOTS}-${path.startsWith("/tasks?") ? "explorer" : "detail"}-dark.png`, fullPage: true });

      const narrow = await openSignedIn(path, { viewport: { width: 390, height: 844 } });
      await narrow.locator("main table, main [data-fact]").first().waitFor();
      await axe(narrow, `${path} (390 px wide)`);
      const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, `${path} scrolls sideways`).toBeLessThanOrEqual(0);
    }
  });
});
