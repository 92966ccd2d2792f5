import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import AxeBuilder from "@axe-core/playwright";
import type { Browser, BrowserContext, BrowserContextOptions, Page } from "playwright-core";
import type { IdentityConfig } from "@switchyard/core";
import type { PoolsConfig } from "@switchyard/shared";
import { expect, inject } from "vitest";
import { launchChromium } from "../../../test-support/browser.js";
import { startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";
import { startTestRedis, type TestRedis } from "../../../test-support/redis.js";

/** Shared by the browser tests: the Next build, axe with WCAG 2.2 AA tags, keyboard sign-in. */

export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

// Outside the checkout (nothing to ignore in git) and outside .next (next build empties it).
const BUILD_LOCK = join(tmpdir(), `switchyard-next-build-${createHash("sha256").update(WEB_DIR).digest("hex").slice(0, 12)}.lock`);
const STALE_LOCK_MS = 15 * 60_000;

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/**
 * `next build` must have run (the server serves the production build); build once if not, or
 * when SWITCHYARD_WEB_REBUILD is set. Test files run in parallel forks: the first to take the
 * lock directory builds, the others wait for it and use that build.
 */
async function ensureNextBuild(): Promise<void> {
  const rebuild = Boolean(process.env["SWITCHYARD_WEB_REBUILD"]);
  if (existsSync(join(WEB_DIR, ".next", "BUILD_ID")) && !rebuild) return;
  try {
    mkdirSync(BUILD_LOCK);
  } catch {
    // Another fork is building: wait for it (a lock older than a build can take is left over from a crash).
    while (existsSync(BUILD_LOCK)) {
      const lock = statSync(BUILD_LOCK, { throwIfNoEntry: false });
      if (lock && Date.now() - lock.mtimeMs > STALE_LOCK_MS) {
        rmSync(BUILD_LOCK, { recursive: true, force: true });
        return ensureNextBuild();
      }
      await sleep(500);
    }
    if (existsSync(join(WEB_DIR, ".next", "BUILD_ID"))) return;
    throw new Error("the other test file's next build failed");
  }
  try {
    const nextBin = createRequire(join(WEB_DIR, "package.json")).resolve("next/dist/bin/next");
    const r = spawnSync(process.execPath, [nextBin, "build"], {
      cwd: WEB_DIR,
      env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
      encoding: "utf8",
    });
    if (r.status !== 0) throw new Error(`next build failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmSync(BUILD_LOCK, { recursive: true, force: true });
  }
}

/** Resolves after the browser has painted twice: styles for an emulated colour scheme and React's last commit are on screen. */
async function settled(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise<void>((done) => requestAnimationFrame(() => requestAnimationFrame(() => done()))),
  );
}

export async function axe(page: Page, label: string): Promise<void> {
  await settled(page);
  let result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  // Colour contrast is read from the painted page; on a loaded machine one CI run caught a frame
  // between a colour-scheme switch and its paint. A real contrast fault is there on every look, so
  // a second look after the next paints tells the two apart without hiding one.
  if (result.violations.some((v) => v.id === "color-contrast")) {
    await settled(page);
    await page.waitForTimeout(250);
    result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  }
  const summary = result.violations.map(
    (v) => `${v.id} (${v.impact ?? "?"}): ${v.help}\n    ${v.nodes.map((n) => n.target.join(" ")).join("\n    ")}`,
  );
  expect(summary, `axe violations on ${label}`).toEqual([]);
  // axe really ran its WCAG rules (not an empty pass).
  expect(result.passes.length, `axe passes on ${label}`).toBeGreaterThan(10);
}

const shotName = (label: string): string => label.replace(/[^a-z0-9]+/gi, "-");

/** axe in the light and in the dark scheme, with a full-page screenshot of each (`<shots>-<label>-<scheme>.png`); ends in light. */
export async function axeInBothSchemes(page: Page, label: string, shots: string): Promise<void> {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await axe(page, `${label} (${colorScheme})`);
    await page.screenshot({ path: `${shots}-${shotName(label)}-${colorScheme}.png`, fullPage: true });
  }
  await page.emulateMedia({ colorScheme: "light" });
}

export const NARROW_VIEWPORT = { width: 390, height: 844 };

/** At 390 px wide: axe, no sideways scroll, a screenshot (`<shots>-<label>-390.png`); then back to `viewport`. */
export async function axeWhenNarrow(page: Page, label: string, shots: string, viewport: { width: number; height: number }): Promise<void> {
  await page.setViewportSize(NARROW_VIEWPORT);
  await axe(page, `${label} (390 px wide)`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  expect(overflow, `${label} scrolls sideways at 390 px`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `${shots}-${shotName(label)}-390.png`, fullPage: true });
  await page.setViewportSize(viewport);
}

/** After a client-side navigation Next.js sets the title a moment after the page renders: wait for it, then compare. */
export async function expectTitle(page: Page, title: string): Promise<void> {
  await page.waitForFunction((t) => document.title === t, title, { timeout: 5_000 }).catch(() => undefined);
  expect(await page.title()).toBe(title);
}

export async function activeElementName(page: Page): Promise<string | null> {
  return page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? null);
}

/** Keyboard only: Tab until the token field has focus, type the token, press Enter. */
export async function signInWithKeyboard(page: Page, token: string): Promise<void> {
  await page.getByLabel("API token").waitFor();
  for (let i = 0; i < 15 && (await activeElementName(page)) !== "token"; i++) await page.keyboard.press("Tab");
  expect(await activeElementName(page)).toBe("token");
  await page.keyboard.type(token);
  await page.keyboard.press("Enter");
}

/**
 * The suite's shared redis-server (vitest globalSetup) when there is one, otherwise one of
 * this test file's own; `own` is set only in the second case, for the caller to stop.
 */
async function testRedisUrl(): Promise<{ url: string; own: TestRedis | undefined }> {
  let url: string | undefined;
  try {
    url = inject("redisUrl");
  } catch {
    url = undefined;
  }
  if (url) return { url, own: undefined };
  const own = await startTestRedis();
  return { url: own.url, own };
}

/**
 * What every browser test file sets up: the Next build, Redis, the real platform serving the
 * UI, and Chromium; pages open in fresh contexts (reduced motion) that close() cleans up.
 */
export interface BrowserPlatform {
  platform: TestPlatform;
  newPage(options?: BrowserContextOptions): Promise<Page>;
  close(): Promise<void>;
}

export async function startBrowserPlatform(
  options: {
    pools?: PoolsConfig;
    viewport: { width: number; height: number };
    identity?: Partial<IdentityConfig>;
    identityClock?: () => Date;
    /** A GPU runner for the GPU page (test-support/gpu-runner.ts). */
    gpuRunner?: { url: string; key?: string | null };
    /** A Chroma server for the collection pages (test-support/chroma.ts). */
    chromaUrl?: string;
  },
): Promise<BrowserPlatform> {
  await ensureNextBuild();
  const { url: redisUrl, own: redis } = await testRedisUrl();
  const platform = await startTestPlatform({
    redisUrl,
    serveUi: true,
    ...(options.pools ? { pools: options.pools } : {}),
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.identityClock ? { identityClock: options.identityClock } : {}),
    ...(options.gpuRunner ? { gpuRunner: options.gpuRunner } : {}),
    ...(options.chromaUrl ? { chromaUrl: options.chromaUrl } : {}),
  });
  const browser: Browser = await launchChromium();
  const contexts: BrowserContext[] = [];
  return {
    platform,
    async newPage(contextOptions = {}) {
      const context = await browser.newContext({ viewport: options.viewport, reducedMotion: "reduce", ...contextOptions });
      contexts.push(context);
      return context.newPage();
    },
    async close() {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close().catch(() => undefined);
      await platform.close();
      await redis?.stop();
    },
  };
}
