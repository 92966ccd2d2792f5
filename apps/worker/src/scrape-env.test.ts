import { describe, expect, it } from "vitest";
import { classifyAddress } from "@switchyard/scraper";
import { parseWorkerEnv } from "./env.js";

const env = (vars: Record<string, string>): NodeJS.ProcessEnv => ({ ...vars }) as NodeJS.ProcessEnv;

describe("worker env: scraping", () => {
  it("defaults: no private hosts, 1 page/s per host, robots.txt on, Chromium from Debian", () => {
    const e = parseWorkerEnv(env({}));
    expect(e.SCRAPE_ALLOW_PRIVATE.hosts.size).toBe(0);
    expect(e.SCRAPE_ALLOW_PRIVATE.cidrs).toEqual([]);
    expect(e.SCRAPE_RATE_PER_HOST).toBe(1);
    expect(e.SCRAPE_BROWSER_MAX_PAGES).toBe(100);
    expect(e.SCRAPE_ROBOTS).toBe(true);
    expect(e.SCRAPE_CHROMIUM_PATH).toBe("/usr/bin/chromium");
    expect(e.SCRAPE_SCREENSHOT_DIR).toBeUndefined();
  });

  it("parses the allow-list and switches", () => {
    const e = parseWorkerEnv(env({ SCRAPE_ALLOW_PRIVATE: "wiki.internal, 10.20.0.0/16", SCRAPE_RATE_PER_HOST: "0.5", SCRAPE_ROBOTS: "off" }));
    expect([...e.SCRAPE_ALLOW_PRIVATE.hosts]).toEqual(["wiki.internal"]);
    expect(classifyAddress("10.20.1.1", e.SCRAPE_ALLOW_PRIVATE).allowed).toBe(true);
    expect(classifyAddress("10.21.1.1", e.SCRAPE_ALLOW_PRIVATE).allowed).toBe(false);
    expect(e.SCRAPE_RATE_PER_HOST).toBe(0.5);
    expect(e.SCRAPE_ROBOTS).toBe(false);
  });

  it("names the variable of a bad allow-list entry", () => {
    expect(() => parseWorkerEnv(env({ SCRAPE_ALLOW_PRIVATE: "10.0.0.0/40" }))).toThrow(/SCRAPE_ALLOW_PRIVATE: .*10\.0\.0\.0\/40/);
    expect(() => parseWorkerEnv(env({ SCRAPE_RATE_PER_HOST: "-1" }))).toThrow(/SCRAPE_RATE_PER_HOST/);
  });
});
