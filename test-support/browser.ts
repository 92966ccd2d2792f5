import { existsSync } from "node:fs";
import { chromium, type Browser } from "playwright-core";

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
  const args = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    // Containers often have a tiny /dev/shm; Chromium then crashes on larger pages.
    "--disable-dev-shm-usage",
  ];
  // Chromium refuses to run as root with its sandbox on.
  if (process.getuid?.() === 0) args.push("--no-sandbox");
  return chromium.launch({ executablePath: CHROMIUM_PATH, args, headless: true });
}
