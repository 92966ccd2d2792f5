import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { startLocalSite, type LocalSite } from "../../../packages/scraper/src/testing/local-site.js";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";

const main = join(dirname(fileURLToPath(import.meta.url)), "main.ts");
let p: TestPlatform;
let site: LocalSite;
let child: ChildProcess | undefined;

// The page is served on 127.0.0.1 and allowed by SCRAPE_ALLOW_PRIVATE, as an operator would; the
// URL is an IP literal, so nothing is resolved. Refusals are proven in packages/scraper, where
// sockets are additionally restricted to loopback.
beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
  site = await startLocalSite((req, res) => {
    if (req.url === "/robots.txt") return void res.end("User-agent: *\nDisallow: /admin\n");
    res.writeHead(200, { "content-type": "text/html" }).end(`<!doctype html><title>Worker page</title><article><p>${"The worker process rendered this page in its own browser pool. ".repeat(8)}</p></article>`);
  });
});
afterAll(async () => {
  if (child && child.exitCode === null) child.kill("SIGKILL");
  await p?.close();
  await site?.close();
});

describe("the worker process serves scrape.page", () => {
  it("scrapes a page with a screenshot under DATA_DIR, then stops cleanly on SIGTERM", async () => {
    child = spawn(process.execPath, ["--import", "tsx", main], {
      env: {
        ...process.env,
        REDIS_URL: p.redisUrl,
        DATABASE_URL: p.databaseUrl,
        QUEUE_PREFIX: p.prefix,
        WORKER_POOLS: "scrape",
        DATA_DIR: p.dataDir,
        SCRAPE_ALLOW_PRIVATE: "127.0.0.1/32",
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const res = await p.api("/api/v1/tasks", {
      method: "POST",
      body: JSON.stringify({ type: "scrape.page", payload: { url: `http://127.0.0.1:${site.port}/page`, screenshot: true } }),
    });
    const { id } = (await res.json()) as { id: string };
    const task = await eventually(async () => {
      const t = (await (await p.api(`/api/v1/tasks/${id}`)).json()) as Record<string, unknown>;
      return t["status"] === "completed" || t["status"] === "dead" ? t : undefined;
    }, 60_000, "scrape.page to finish");
    expect(task["status"]).toBe("completed");
    const result = task["result"] as { title: string; text: string; status: number; screenshotPath: string };
    expect(result.title).toBe("Worker page");
    expect(result.status).toBe(200);
    expect(result.text).toContain("rendered this page in its own browser pool");
    expect(result.screenshotPath).toBe(join(p.dataDir, "screenshots", `${id}.png`));
    expect(readFileSync(result.screenshotPath).subarray(1, 4).toString()).toBe("PNG");
    // robots.txt was consulted first (robots on by default).
    expect(site.requests.map((r) => r.split(" ")[1])).toEqual(["/robots.txt", "/page"]);

    const exited = new Promise<number | null>((r) => child!.once("exit", (code) => r(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(existsSync(result.screenshotPath)).toBe(true);
  });
});
