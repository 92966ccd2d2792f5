import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, inject, it } from "vitest";
import { createBreakerRegistry, type BreakerRegistry } from "@switchyard/queue";
import { DEFAULT_POOLS } from "@switchyard/shared";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";

/**
 * A dependency the test can break and heal: a small OpenAI-compatible server (GET /v1/models,
 * the call the platform's openai client makes to check it), answering 500 while broken.
 * The only kind of service a test may stand in for (a paid remote API).
 */
function startFakeOpenAi(): Promise<{ server: Server; url: string; state: { broken: boolean; hits: number; hitTimes: number[] } }> {
  const state = { broken: false, hits: 0, hitTimes: [] as number[] };
  const server = createServer((req, res) => {
    state.hits++;
    state.hitTimes.push(Date.now());
    if (req.url !== "/v1/models") {
      res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
      return;
    }
    if (state.broken) {
      res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "upstream down", type: "server_error" } }));
      return;
    }
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ object: "list", data: [{ id: "gpt-test", object: "model", owned_by: "test" }] }));
  });
  return new Promise((resolve) =>
    server.listen(0, "127.0.0.1", () => resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, state })),
  );
}

let p: TestPlatform | undefined;
let server: Server | undefined;
let breakers: BreakerRegistry | undefined;
afterEach(async () => {
  await p?.close();
  p = undefined;
  breakers?.dispose();
  await new Promise((r) => (server ? server.close(r) : r(undefined)));
  server = undefined;
});

type Json = Record<string, unknown>;
const json = (r: Response) => r.json() as Promise<Json>;

describe("circuit breakers in the worker", () => {
  it("opens after the threshold, holds tasks without spending retries, half-opens and closes after 2 successes", async () => {
    const fake = await startFakeOpenAi();
    server = fake.server;
    p = await startTestPlatform({
      redisUrl: inject("redisUrl"),
      pools: { ...DEFAULT_POOLS, maintenance: { ...DEFAULT_POOLS.maintenance, concurrency: 1, retries: 1, backoffMs: [50], backoffJitter: 0 } },
    });
    breakers = createBreakerRegistry({ openai: { halfOpenAfterMs: 4_000 } });
    const rt = await p.startWorker({ poolNames: ["maintenance"], breakers, probeTargets: { openai: `${fake.url}/v1/models` } });
    breakers.onChange(() => void rt.heartbeat());
    const submit = async (body: Json = {}) =>
      ((await json(
        await p!.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.probe", payload: { dependency: "openai" }, ...body }) }),
      )) as { id: string }).id;
    const waitFor = (id: string, status: string, ms = 15_000) =>
      eventually(async () => {
        const v = await json(await p!.api(`/api/v1/tasks/${id}`));
        return v["status"] === status ? v : undefined;
      }, ms, `${id} ${status}`);
    const openaiBreaker = async () => {
      const { workers } = (await json(await p!.api("/api/v1/circuit-breakers"))) as {
        workers: Array<{ breakers: Array<{ name: string; state: string; consecutiveFailures: number }> }>;
      };
      return workers[0]?.breakers.find((b) => b.name === "openai");
    };

    expect((await waitFor(await submit(), "completed"))["result"]).toMatchObject({ dependency: "openai", status: 200 });
    expect((await openaiBreaker())?.state).toBe("closed");

    // Break it: five failing calls (single-attempt tasks, run one at a time) open the breaker.
    fake.state.broken = true;
    for (let i = 0; i < 5; i++) await waitFor(await submit({ maxAttempts: 1 }), "dead");
    await eventually(async () => (await openaiBreaker())?.state === "open", 5_000, "breaker open");
    expect((await openaiBreaker())?.consecutiveFailures).toBe(5);
    const opened = breakers.snapshot().find((b) => b.name === "openai");
    expect(opened?.state).toBe("open");
    const { openedAt, halfOpenAt } = { openedAt: opened?.openedAt ?? 0, halfOpenAt: opened?.halfOpenAt ?? 0 };
    // Heal it at once: the window, not the dependency, decides. (Healing after the held tasks
    // were seen waiting raced the window on a loaded machine: a slow test could heal after the
    // window ended, and the probe then spent a held task's attempt on the broken dependency.)
    fake.state.broken = false;

    // While open: tasks fail fast without reaching the dependency (healthy by now) and wait,
    // keeping their attempts.
    const held = [await submit(), await submit(), await submit()];
    await waitFor(held[0]!, "retrying", 5_000);

    // After the window the breaker half-opens, two successes close it, held tasks complete.
    for (const id of held) {
      const done = await waitFor(id, "completed", 20_000);
      expect(done["attempts"]).toBe(1);
      expect(done["attemptHistory"]).toEqual([]);
    }
    await eventually(async () => (await openaiBreaker())?.state === "closed", 5_000, "breaker closed");
    // Nothing reached the dependency while the breaker was open, judged by the times of the
    // requests themselves rather than a count read at some moment (cockatiel reads the clock for
    // its window a moment before the snapshot's openedAt: 50 ms of slack at the window's end).
    // Since it opened, each held task reached it exactly once: the probe, then the two others.
    expect(fake.state.hitTimes.filter((t) => t >= openedAt && t < halfOpenAt - 50)).toEqual([]);
    expect(fake.state.hitTimes.filter((t) => t >= openedAt)).toHaveLength(held.length);
  }, 180_000);
});
