import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { operations } from "@switchyard/core";
import { signInWithKeyboard, startBrowserPlatform, type BrowserPlatform } from "./browser-support.js";

/** The API reference, reached from the dashboard header, renders every operation from our own origin only. */
describe("API docs page in Chromium", () => {
  let env: BrowserPlatform | undefined;

  beforeAll(async () => {
    env = await startBrowserPlatform({ viewport: { width: 1280, height: 900 } });
  }, 240_000);
  afterAll(async () => {
    await env?.close();
  });

  it("is linked from the dashboard header and lists every operation, loading nothing from elsewhere", async () => {
    const platform = (env as BrowserPlatform).platform;
    const page: Page = await (env as BrowserPlatform).newPage();
    const foreign: string[] = [];
    const failed: string[] = [];
    page.on("request", (r) => {
      if (!r.url().startsWith(platform.url) && !r.url().startsWith("data:")) foreign.push(r.url());
    });
    // Leaving the dashboard aborts its prefetches; only the docs page's own requests must succeed.
    page.on("requestfailed", (r) => {
      if (/\/docs|openapi\.json/.test(r.url())) failed.push(r.url());
    });
    await page.goto(platform.url);
    await signInWithKeyboard(page, platform.token);
    await page.getByRole("link", { name: "API docs" }).click();
    await page.waitForURL(`${platform.url}/docs`);
    expect(await page.title()).toBe("Switchyard API reference");
    // swagger-ui renders one block per operation, with its operationId.
    await page.locator(".opblock").first().waitFor();
    await expect.poll(() => page.locator(".opblock").count()).toBe(operations.length);
    const text = await page.locator("#swagger-ui").innerText();
    for (const op of operations) expect(text, op.name).toContain(op.summary);
    expect(foreign, foreign.join("\n")).toEqual([]);
    expect(failed).toEqual([]);
    await page.screenshot({ path: "/tmp/api-docs.png" });
  });
});
