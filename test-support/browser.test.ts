import { describe, expect, it } from "vitest";
import { launchChromium } from "./browser.js";

describe("launchChromium", () => {
  it("runs Debian's Chromium headless through playwright-core", async () => {
    const browser = await launchChromium();
    try {
      const context = await browser.newContext();
      const page = await context.newPage();
      await page.setContent("<main><h1>Switchyard</h1></main>");
      expect(await page.locator("h1").textContent()).toBe("Switchyard");
      expect(await page.evaluate("navigator.webdriver")).toBe(true); // driven by playwright-core
    } finally {
      await browser.close();
    }
  });
});
