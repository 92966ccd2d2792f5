import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installSchedules } from "@switchyard/core";
import { eventually, type TestPlatform } from "../../../test-support/platform-harness.js";
import { axe, axeInBothSchemes, axeWhenNarrow, expectTitle, signInWithKeyboard, startBrowserPlatform, type BrowserPlatform } from "./browser-support.js";

/**
 * The schedules page against the real platform: the maintenance schedules installed as BullMQ
 * job schedulers (as a web start with SCHEDULES=on does); no worker serves the maintenance pool,
 * so what "run now" submits stays queued where the test can see it. Edits and "run now" from the page are checked through the REST API; a viewer sees the
 * list read-only; a person without a second factor is stopped by the step-up dialog. axe (WCAG
 * 2.2 AA) in light, dark and at 390 px.
 */

const VIEWPORT = { width: 1440, height: 900 };
const SHOTS = process.env["SCHEDULE_SCREENSHOTS"] ?? "/tmp/schedules";
const VIEWER = { email: "val@example.com", name: "Val Viewer", password: "viewer passphrase of some length", role: "viewer" };
const ADMIN = { email: "ada@example.com", name: "Ada Admin", password: "admin passphrase of some length", role: "admin" };

interface Schedule {
  id: string;
  type: string;
  pattern: string | null;
  every: number | null;
  payload: Record<string, unknown>;
  enabled: boolean;
  nextRunAt: string | null;
  lastRun: { taskId: string; status: string; createdAt: string } | null;
}

describe("schedules page in Chromium", () => {
  let env: BrowserPlatform | undefined;
  let platform: TestPlatform;

  async function openSignedIn(path: string, options: BrowserContextOptions = {}): Promise<Page> {
    const page = await (env as BrowserPlatform).newPage(options);
    await page.goto(`${platform.url}${path}`);
    await signInWithKeyboard(page, platform.token);
    return page;
  }

  async function openWithPassword(path: string, person: { email: string; password: string }, options: BrowserContextOptions = {}): Promise<Page> {
    const page = await (env as BrowserPlatform).newPage(options);
    await page.goto(`${platform.url}${path}`);
    await page.getByLabel("Email").fill(person.email);
    await page.getByLabel("Password").fill(person.password);
    await page.getByLabel("Password").press("Enter");
    return page;
  }

  async function schedules(): Promise<Record<string, Schedule>> {
    const res = await platform.api("/api/v1/schedules");
    expect(res.status).toBe(200);
    const body = (await res.json()) as { schedules: Schedule[] };
    return Object.fromEntries(body.schedules.map((s) => [s.id, s]));
  }

  const row = (page: Page, id: string) => page.locator(`tr[data-schedule="${id}"]`);
  const cell = (page: Page, id: string, col: string) => row(page, id).locator(`[data-col="${col}"]`);
  const outcome = (page: Page) => page.locator('[role="status"][aria-live="polite"]');

  beforeAll(async () => {
    env = await startBrowserPlatform({ viewport: VIEWPORT });
    platform = env.platform;
    // What a web start with SCHEDULES=on does (the harness leaves it off so other tests' queues stay empty).
    await installSchedules(platform.web.platform);
  }, 240_000);

  afterAll(async () => {
    await env?.close();
  });

  it("lists the schedules with task, timing in words, payload, state and next run; axe light, dark and 390 px", async () => {
    const page = await openSignedIn("/");
    const nav = page.getByRole("navigation", { name: "Primary" });
    await nav.getByRole("link", { name: "Schedules", exact: true }).click();
    await page.getByRole("heading", { level: 1, name: "Schedules" }).waitFor();
    await expectTitle(page, "Schedules · Switchyard");
    expect(await nav.getByRole("link", { name: "Schedules", exact: true }).getAttribute("aria-current")).toBe("page");
    await page.getByRole("table", { name: "Maintenance schedules: task, timing, payload, state, next and last run" }).waitFor();

    const api = await schedules();
    expect(await page.locator("tr[data-schedule]").evaluateAll((trs) => trs.map((tr) => tr.getAttribute("data-schedule")))).toEqual([
      "history-retention",
      "chroma-orphans",
      "health-sweep",
    ]);
    expect(await row(page, "history-retention").locator("th").innerText()).toContain("Daily at 03:00 UTC: remove finished task history");
    expect(await row(page, "history-retention").innerText()).toContain("maintenance.cleanup");
    expect(await cell(page, "history-retention", "timing").innerText()).toMatch(/^Daily at 03:00 UTC\s+0 3 \* \* \*$/);
    expect(await cell(page, "chroma-orphans", "timing").innerText()).toMatch(/^Weekly on Sundays at 04:00 UTC\s+0 4 \* \* 0$/);
    expect(await cell(page, "health-sweep", "timing").innerText()).toMatch(/^Every 15 minutes\s+every 900000 ms$/);
    expect(await cell(page, "history-retention", "payload").innerText()).toBe('{"olderThanDays":30}');
    expect(await cell(page, "chroma-orphans", "payload").innerText()).toBe("none");
    for (const id of ["history-retention", "chroma-orphans", "health-sweep"]) {
      expect(await cell(page, id, "state").innerText()).toBe("Enabled");
    }
    // The next run the page shows is the scheduler's (UTC instant in the time element).
    const next = api["history-retention"]?.nextRunAt ?? "";
    expect(next).not.toBe("");
    expect(await cell(page, "history-retention", "next").locator("time").getAttribute("datetime")).toBe(next);
    expect(await cell(page, "history-retention", "last").innerText()).toBe("never");

    await axeInBothSchemes(page, "schedules", SHOTS);
    await axeWhenNarrow(page, "schedules", SHOTS, VIEWPORT);
  });

  it("edits a schedule's timing, payload and state (the API has them); a bad cron pattern is refused at its field; Escape cancels", async () => {
    const page = await openSignedIn("/schedules");
    const edit = page.getByRole("button", { name: "Edit… history-retention" });
    await edit.click();
    const form = page.locator('[data-schedule-edit="history-retention"]');
    await form.getByRole("heading", { name: "Edit schedule history-retention" }).waitFor();
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H2");
    expect(await edit.getAttribute("aria-expanded")).toBe("true");

    const pattern = form.getByLabel("Cron pattern", { exact: true });
    expect(await pattern.inputValue()).toBe("0 3 * * *");
    await pattern.fill("61 3 * * *");
    await form.getByRole("button", { name: "Save changes" }).click();
    await form.getByRole("alert").getByText(/Could not save the schedule history-retention: .*patch\.pattern.*\(HTTP 400\)/).waitFor();
    expect(await pattern.getAttribute("aria-invalid")).toBe("true");
    expect(await pattern.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await schedules())["history-retention"]?.pattern).toBe("0 3 * * *");
    await axe(page, "schedules, edit refused (light)");

    await pattern.fill("30 2 * * *");
    await form.getByText("Reads as: Daily at 02:30 UTC.").waitFor();
    await form.getByLabel("Payload (JSON)").fill('{ "olderThanDays": 14 }');
    await form.getByLabel(/^Enabled/).uncheck();
    await form.getByRole("button", { name: "Save changes" }).click();
    await outcome(page).getByText("Schedule history-retention saved: daily at 02:30 UTC, disabled.").waitFor();
    await form.waitFor({ state: "detached" });
    expect(await edit.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await schedules())["history-retention"]).toMatchObject({ pattern: "30 2 * * *", every: null, payload: { olderThanDays: 14 }, enabled: false, nextRunAt: null });
    await eventually(async () => (await cell(page, "history-retention", "state").innerText()) === "Disabled", 10_000, "the row disabled");
    expect(await cell(page, "history-retention", "timing").innerText()).toMatch(/^Daily at 02:30 UTC/);
    expect(await cell(page, "history-retention", "next").innerText()).toBe("not scheduled");
    expect(await cell(page, "history-retention", "payload").innerText()).toBe('{"olderThanDays":14}');

    // From a fixed interval to another, by keyboard-operable fields.
    await page.getByRole("button", { name: "Edit… health-sweep" }).click();
    const sweep = page.locator('[data-schedule-edit="health-sweep"]');
    expect(await sweep.getByRole("radio", { name: "Fixed interval" }).isChecked()).toBe(true);
    await sweep.getByLabel("Every", { exact: true }).fill("30");
    await sweep.getByLabel("Unit").selectOption("minutes");
    await axeInBothSchemes(page, "schedules, editing an interval", SHOTS);
    await sweep.getByRole("button", { name: "Save changes" }).click();
    await outcome(page).getByText("Schedule health-sweep saved: every 30 minutes, enabled.").waitFor();
    const sweepNow = (await schedules())["health-sweep"];
    expect(sweepNow).toMatchObject({ pattern: null, every: 1_800_000, enabled: true });
    expect(sweepNow?.nextRunAt).not.toBeNull();

    const orphans = page.getByRole("button", { name: "Edit… chroma-orphans" });
    await orphans.click();
    await page.locator('[data-schedule-edit="chroma-orphans"]').waitFor();
    await page.keyboard.press("Escape");
    await page.locator('[data-schedule-edit="chroma-orphans"]').waitFor({ state: "detached" });
    expect(await orphans.evaluate((el) => el === document.activeElement)).toBe(true);
    expect((await schedules())["chroma-orphans"]).toMatchObject({ pattern: "0 4 * * 0", enabled: true });
  });

  it("'Run now' submits the schedule's task as an ordinary task (the API has it, queued), which becomes its last run", async () => {
    const page = await openSignedIn("/schedules", { colorScheme: "dark" });
    await page.getByRole("button", { name: "Run now history-retention" }).click();
    const started = outcome(page).filter({ hasText: /^Started/ });
    const link = started.locator("[data-run-task]");
    await link.waitFor();
    expect(await started.innerText()).toMatch(/^Started history-retention now as task \S+; its timing is unchanged\.$/);
    const taskId = (await link.getAttribute("data-run-task")) ?? "";
    const res = await platform.api(`/api/v1/tasks/${encodeURIComponent(taskId)}`);
    expect(res.status).toBe(200);
    const { payload } = (await schedules())["history-retention"] as Schedule;
    expect(await res.json()).toMatchObject({ id: taskId, type: "maintenance.cleanup", pool: "maintenance", status: "queued", payload });
    // Nobody serves the maintenance pool here (the harness's worker has no maintenance handlers): it waits, queued.
    await eventually(async () => (await schedules())["history-retention"]?.lastRun?.taskId === taskId, 10_000, "the schedule's last run");
    expect((await schedules())["history-retention"]?.lastRun?.status).toBe("queued");
    // The list shows it as the last run (at its next refresh), linked to the task's page.
    const last = cell(page, "history-retention", "last");
    await last.getByRole("link", { name: taskId }).waitFor({ timeout: 30_000 });
    expect(await last.locator("[data-status]").innerText()).toBe("Queued");
    await axe(page, "schedules after run now (dark)");
    await last.getByRole("link", { name: taskId }).click();
    await page.getByRole("heading", { level: 1, name: `Task ${taskId}` }).waitFor();
  });

  it("a viewer sees the schedules read-only; a person without a second factor is stopped by the step-up dialog and nothing changes", async () => {
    for (const person of [VIEWER, ADMIN]) {
      const res = await platform.api("/api/v1/users", { method: "POST", body: JSON.stringify(person) });
      expect(res.status, await res.clone().text()).toBe(201);
    }
    const viewer = await openWithPassword("/schedules", VIEWER, { colorScheme: "dark" });
    await viewer.getByRole("heading", { level: 1, name: "Schedules" }).waitFor();
    await row(viewer, "history-retention").waitFor();
    await viewer.getByText(/Your role can view the schedules; changing one or running it now needs the schedules:write permission/).waitFor();
    expect(await viewer.getByRole("button", { name: /^(Edit…|Run now)/ }).count()).toBe(0);
    await axe(viewer, "schedules as a viewer (dark)");
    await axeWhenNarrow(viewer, "schedules as a viewer", SHOTS, VIEWPORT);

    // Sensitive: a session needs a fresh second factor; this admin has none, so the dialog says so.
    const before = (await schedules())["chroma-orphans"];
    const admin = await openWithPassword("/schedules", ADMIN);
    await admin.getByRole("heading", { level: 1, name: "Schedules" }).waitFor();
    await admin.getByRole("button", { name: "Edit… chroma-orphans" }).click();
    const form = admin.locator('[data-schedule-edit="chroma-orphans"]');
    await form.getByLabel(/^Enabled/).uncheck();
    await form.getByRole("button", { name: "Save changes" }).click();
    const dialog = admin.getByRole("dialog", { name: "Confirm it is you" });
    await dialog.getByText(/needs a second factor, but your account has none yet/).waitFor();
    await dialog.getByRole("button", { name: "Cancel" }).click();
    await form.getByRole("alert").getByText("The schedule chroma-orphans was not changed: changing a schedule needs a confirmed second factor.").waitFor();
    expect((await schedules())["chroma-orphans"]).toEqual(before);
    await axe(admin, "schedules, step-up refused (light)");
  });
});
