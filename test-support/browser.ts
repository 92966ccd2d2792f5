import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";
import { baseChromiumArgs } from "@switchyard/scraper";

/** Debian's Chromium (scripts/ensure-system.sh chromium); playwright-core never downloads one. */
export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Headless Chromium for browser tests. Use `browser.newContext()` for pages (axe's
 * AxeBuilder needs one) and close the browser in afterAll.
 */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium not found at ${CHROMIUM_PATH}: run bash scripts/ensure-system.sh chromium`);
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: baseChromiumArgs(), headless: true });
}
