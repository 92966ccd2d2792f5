import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { BrowserContextOptions, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_POOLS, POOL_NAMES } from "@switchyard/shared";
import { eventually, type TestPlatform } from "../../../test-support/platform-harness.js";
import { eventsKey } from "@switchyard/queue";
import { axe, axeInBothSchemes, signInWithKeyboard, startBrowserPlatform, type BrowserPlatform } from "./browser-support.js";

/**
 * The dashboard against the real server (Next UI + tRPC + socket.io, real Redis, a temp
 * SQLite database, a real worker) in Debian's Chromium, with axe-core (WCAG 2.2 AA tags).
 */

const SCREENSHOT = process.env["DASHBOARD_SCREENSHOT"] ?? "/tmp/dashboard.png";
const SCREENSHOT_DARK = SCREENSHOT.replace(/\.png$/, "-dark.png");
const VIEWPORT = { width: 1440, height: 900 };

async function waitForPools(page: Page): Promise<void> {
  await page.locator("table").waitFor();
  for (const pool of POOL_NAMES) {
    const cell = page.locator(`tr[data-pool="${pool}"] td[data-col="concurrency"]`);
    await cell.waitFor();
    expect((await cell.textContent())?.trim(), `${pool} concurrency`).toBe(String(DEFAULT_POOLS[pool].concurrency));
  }
}

describe("dashboard in Chromium", () => {
  let env: BrowserPlatform | undefined;
  let platform: TestPlatform;
  const newPage = (options: BrowserContextOptions = {}): Promise<Page> => (env as BrowserPlatform).newPage(options);

  beforeAll(async () => {
    env = await startBrowserPlatform({ viewport: VIEWPORT });
    platform = env.platform;
  }, 240_000);

  afterAll(async () => {
    await env?.close();
  });

  it("writes the admin token file the sign-in form points to", () => {
    const file = join(platform.dataDir, "admin-token");
    expect(existsSync(file)).toBe(true);
    expect(readFileSync(file, "utf8").trim()).toBe(platform.token);
  });

  it("says which pool gets no live updates while the server refuses it, and recovers by itself", async () => {
    const redis = platform.web.platform.redis;
    const key = eventsKey(platform.prefix, "scrape");
    // A key of the wrong type: the server cannot read the scrape pool's event stream (a retryable refusal).
    // First of the page tests: the server reads a pool's stream position when its first watcher
    // subscribes, so no other open page may follow the pool yet.
    await redis.set(key, "not a stream");
    const page = await newPage({ colorScheme: "light" });
    const status = page.locator('[role="status"][aria-live="polite"]').filter({ hasText: "Live updates" });
    const refused = page.getByRole("list", { name: "Pools without live updates" });
    try {
      await page.goto(platform.url);
      await signInWithKeyboard(page, platform.token);
      await waitForPools(page);
      // Not "Connected": the page says which pool is missing and why.
      await status.getByText("Partial").waitFor();
      expect(await refused.locator("li").allTextContents()).toEqual([
        "No live updates for scrape: the live events of pool scrape cannot be read right now (trying again automatically)",
      ]);
      await axeInBothSchemes(page, "overview, live updates partial", SCREENSHOT.replace(/\.png$/, ""));
    } finally {
      await redis.del(key);
    }
    // The page keeps trying on the same connection; once the stream can be read, all pools are live.
    await status.getByText("Connected").waitFor();
    expect(await refused.count()).toBe(0);
    await page.context().close();
  });

  it("signs in by keyboard, shows every pool live, and passes axe (light)", async () => {
    const page = await newPage({ colorScheme: "light" });
    const requests: string[] = [];
    page.on("request", (r) => requests.push(r.url()));
    await page.goto(platform.url);

    expect(await page.title()).toBe("Overview · Switchyard");
    expect(await page.getAttribute("html", "lang")).toBe("en");
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    expect(await page.getByLabel("API token").getAttribute("type")).toBe("password");
    await axe(page, "sign-in (light)");
    await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, "-signin.png") });

    // The skip link is the first stop and targets <main>.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("href"))).toBe("#main");

    await signInWithKeyboard(page, platform.token);
    await waitForPools(page);
    await page.getByRole("heading", { level: 1, name: "Overview" }).waitFor();
    // Focus lands on the page heading after sign-in.
    expect(await page.evaluate(() => document.activeElement?.tagName)).toBe("H1");

    // Token: in sessionStorage only, never in a URL.
    expect(await page.evaluate(() => sessionStorage.getItem("switchyard.apiToken"))).toBe(platform.token);
    expect(page.url()).not.toContain(platform.token);
    expect(requests.filter((u) => u.includes(platform.token))).toEqual([]);

    // Live connection state is announced politely.
    const status = page.locator('[role="status"][aria-live="polite"]').filter({ hasText: "Live updates" });
    await status.getByText("Connected").waitFor();

    // Real work: a worker completes tasks in batch; tasks wait in ingest at several priorities.
    await platform.startWorker({ poolNames: ["batch"] });
    const submit = async (tasks: unknown[]): Promise<void> => {
      const res = await platform.api("/api/v1/tasks/bulk", { method: "POST", body: JSON.stringify({ tasks }) });
      expect(res.status, await res.clone().text()).toBeLessThan(300);
    };
    await submit(Array.from({ length: 40 }, () => ({ type: "diagnostic.noop", payload: {}, pool: "batch" })));
    const waiting = [
      ...Array.from({ length: 3 }, () => ({ type: "diagnostic.noop", payload: {}, pool: "ingest", priority: "critical" })),
      ...Array.from({ length: 5 }, () => ({ type: "diagnostic.noop", payload: {}, pool: "ingest", priority: "normal" })),
      ...Array.from({ length: 12 }, () => ({ type: "diagnostic.noop", payload: {}, pool: "ingest", priority: "bulk" })),
    ];
    await submit(waiting);

    // Polling (2 s) shows the counts; socket.io shows the latest event per pool.
    await eventually(
      async () => (await page.locator('tr[data-pool="ingest"] td[data-col="waiting"]').innerText()).startsWith("20"),
      20_000,
      "ingest shows 20 waiting",
    );
    const ingestWaiting = await page.locator('tr[data-pool="ingest"] td[data-col="waiting"]').innerText();
    expect(ingestWaiting).toMatch(/critical\s*3/);
    expect(ingestWaiting).toMatch(/bulk\s*12$/);
    await eventually(
      async () => (await page.locator('tr[data-pool="batch"] td[data-col="completed"]').innerText()).trim() === "40",
      30_000,
      "batch shows 40 completed",
    );
    await eventually(
      async () => (await page.locator('tr[data-pool="batch"] td[data-col="last-event"]').innerText()).includes("completed"),
      20_000,
      "batch shows a live 'completed' event",
    );
    // The live event and the 2 s poll race: under load the poll can show the 20 waiting before the
    // event (tail read, socket.io, the page's 250 ms batching) arrives, so wait for it rather than read once.
    const ingestLastEvent = () => page.locator('tr[data-pool="ingest"] td[data-col="last-event"]').innerText();
    await eventually(async () => (await ingestLastEvent()).includes("queued"), 20_000, "ingest shows a live 'queued' event").catch(() => undefined);
    // Each socket.io connection starts with a handshake without a sid: more than one means it reconnected.
    const handshakes = requests.filter((u) => u.includes("/socket.io/") && !u.includes("sid=")).length;
    expect(await ingestLastEvent(), `ingest's last live event (socket.io handshakes: ${handshakes})`).toContain("queued");

    // At a common desktop width the whole table fits without horizontal scrolling.
    const overflow = await page.locator('[role="region"]:has(table)').evaluate((el) => el.scrollWidth - el.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    await axe(page, "overview (light)");
    await page.screenshot({ path: SCREENSHOT, fullPage: true });

    // Sign out returns to the form and forgets the token.
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("switchyard.apiToken"))).toBeNull();
    await axe(page, "signed out (light)");
  });

  it("passes axe in the dark colour scheme", async () => {
    const page = await newPage({ colorScheme: "dark" });
    await page.goto(platform.url);
    expect(await page.evaluate(() => matchMedia("(prefers-color-scheme: dark)").matches)).toBe(true);
    await page.getByLabel("API token").waitFor();
    await axe(page, "sign-in (dark)");
    await signInWithKeyboard(page, platform.token);
    await waitForPools(page);
    await page.locator('[role="status"]').getByText("Connected").waitFor();
    await axe(page, "overview (dark)");
    await page.screenshot({ path: SCREENSHOT_DARK, fullPage: true });
  });

  it("polls every 2 s, pauses while the tab is hidden, and refreshes on return", async () => {
    const page = await newPage({ viewport: { width: 390, height: 844 } });
    const polls: number[] = [];
    page.on("request", (r) => {
      if (r.url().includes("/api/trpc/pools.list")) polls.push(Date.now());
    });
    await page.goto(platform.url);
    await signInWithKeyboard(page, platform.token);
    await waitForPools(page);
    // Narrow screen: the page reflows and the table scrolls inside its focusable region.
    await axe(page, "overview (390 px wide)");
    await page.screenshot({ path: SCREENSHOT.replace(/\.png$/, "-mobile.png"), fullPage: false });

    await eventually(async () => polls.length >= 3, 10_000, "three polls");
    const setHidden = (hidden: boolean) =>
      page.evaluate((h) => {
        Object.defineProperty(document, "hidden", { configurable: true, get: () => h });
        Object.defineProperty(document, "visibilityState", { configurable: true, get: () => (h ? "hidden" : "visible") });
        document.dispatchEvent(new Event("visibilitychange"));
      }, hidden);
    await setHidden(true);
    await page.getByText("paused while this tab is hidden").waitFor();
    const before = polls.length;
    await new Promise((r) => setTimeout(r, 5_000));
    expect(polls.length - before, "no polls while hidden (one may have been in flight)").toBeLessThanOrEqual(1);
    const hiddenCount = polls.length;
    const shownAt = Date.now();
    await setHidden(false);
    await eventually(async () => polls.length > hiddenCount, 5_000, "a poll on return");
    expect((polls.at(-1) ?? 0) - shownAt).toBeLessThan(1_000);
    await page.getByText("up to date").waitFor();
  });

  it("announces a wrong token with role=alert and stays signed out", async () => {
    const page = await newPage();
    await page.goto(platform.url);
    await signInWithKeyboard(page, "sy_not-a-real-token");
    const alert = page.getByRole("alert");
    await alert.getByText(/did not accept that token/).waitFor();
    expect(await page.getByLabel("API token").getAttribute("aria-invalid")).toBe("true");
    expect(await page.evaluate(() => sessionStorage.getItem("switchyard.apiToken"))).toBeNull();
    await axe(page, "sign-in error");
  });

  it("returns to the form with an alert when a stored token is refused (401)", async () => {
    const page = await newPage();
    await page.addInitScript(() => {
      if (!sessionStorage.getItem("seeded")) {
        sessionStorage.setItem("seeded", "1");
        sessionStorage.setItem("switchyard.apiToken", "sy_revoked-token");
      }
    });
    await page.goto(platform.url);
    await page.getByRole("alert").getByText(/no longer accepts your token/).waitFor();
    await page.getByRole("heading", { level: 1, name: "Sign in" }).waitFor();
    expect(await page.evaluate(() => sessionStorage.getItem("switchyard.apiToken"))).toBeNull();
  });
});
