import { createServer, type Server } from "node:http";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { freePort } from "../../../../test-support/free-port.js";
import type { DependencyName } from "../handler.js";
import { createBreakerRegistry, type BreakerRegistry } from "./breaker-registry.js";
import { breakerSnapshotSchema, type BreakerSnapshot } from "./breaker-snapshot.js";
import { DependencyUnavailableError } from "./dependency-unavailable-error.js";

type Mode = "ok" | "error" | "destroy" | "hang";

/** A real HTTP dependency the test breaks and heals; counts the requests that reach it. */
interface FakeDependency {
  url: string;
  mode: Mode;
  requests: number;
  /**
   * Resolves once `n` requests in all have reached the dependency: a test acts on a request
   * after it arrived (causality), not after a timer a loaded machine can outrun.
   */
  reached(n: number): Promise<void>;
  /** Holds "ok" answers until the returned function is called. */
  hold(): () => void;
  close(): Promise<void>;
}

async function startDependency(): Promise<FakeDependency> {
  const port = await freePort();
  const arrivals: Array<{ n: number; resolve: () => void }> = [];
  let held: Promise<void> | null = null;
  const dep: FakeDependency = {
    url: `http://127.0.0.1:${port}/health`,
    mode: "ok",
    requests: 0,
    reached: (n) =>
      dep.requests >= n ? Promise.resolve() : new Promise<void>((resolve) => void arrivals.push({ n, resolve })),
    hold: () => {
      let release = (): void => {};
      held = new Promise<void>((r) => (release = r));
      return () => {
        held = null;
        release();
      };
    },
    close: async () => {},
  };
  const server: Server = createServer((req, res) => {
    dep.requests++;
    for (const a of arrivals.splice(0)) {
      if (dep.requests >= a.n) a.resolve();
      else arrivals.push(a);
    }
    const mode = dep.mode;
    if (mode === "destroy") return void req.socket.destroy();
    if (mode === "hang") return;
    if (mode === "error") return void res.writeHead(500).end("boom");
    const answer = () => void res.writeHead(200, { "content-type": "application/json" }).end('{"ok":true}');
    if (held) void held.then(answer);
    else answer();
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  dep.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return dep;
}

let dep: FakeDependency;
let registry: BreakerRegistry;
const WINDOW = 300;

beforeEach(async () => {
  dep = await startDependency();
  registry = createBreakerRegistry({ all: { halfOpenAfterMs: WINDOW } });
});
afterEach(async () => {
  registry.dispose();
  await dep.close();
});

/** One request to the fake dependency through its breaker, the way a handler makes it. */
function call(name: DependencyName, signal?: AbortSignal): Promise<number> {
  return registry.execute(
    name,
    async (s) => {
      const res = await fetch(dep.url, { signal: s });
      await res.body?.cancel();
      if (res.status >= 500) throw new Error(`${name} answered ${res.status}`);
      return res.status;
    },
    signal,
  );
}

function snap(name: DependencyName): BreakerSnapshot {
  const s = registry.snapshot().find((b) => b.name === name);
  // What a heartbeat carries must satisfy the published schema.
  return breakerSnapshotSchema.parse(s);
}

async function failTimes(name: DependencyName, n: number): Promise<void> {
  for (let i = 0; i < n; i++) await expect(call(name)).rejects.toThrow();
}

async function untilHalfOpen(name: DependencyName): Promise<void> {
  const at = snap(name).halfOpenAt;
  expect(at).not.toBeNull();
  await new Promise((r) => setTimeout(r, Math.max(0, (at ?? 0) - Date.now()) + 20));
}

describe("circuit breakers", () => {
  it("start closed with the seed's thresholds and shortened window", () => {
    expect(registry.snapshot().map((b) => [b.name, b.state])).toEqual([
      ["openai", "closed"],
      ["chroma", "closed"],
      ["browser", "closed"],
      ["gpu-runner", "closed"],
    ]);
    expect(registry.config.chroma).toEqual({ failureThreshold: 3, halfOpenAfterMs: WINDOW, successThreshold: 2 });
    expect(registry.config.openai.failureThreshold).toBe(5);
  });

  it("opens after exactly the threshold, fails fast while open, half-opens, and closes after 2 successes", async () => {
    const changes: Array<[string, string]> = [];
    registry.onChange((s) => changes.push([s.name, s.state]));
    dep.mode = "error";

    await failTimes("openai", 4);
    expect(snap("openai")).toMatchObject({
      state: "closed",
      consecutiveFailures: 4,
      failures: 4,
      successes: 0,
      openedAt: null,
      halfOpenAt: null,
      lastError: "openai answered 500",
    });
    expect(dep.requests).toBe(4);

    const before = Date.now();
    await expect(call("openai")).rejects.toThrow("openai answered 500");
    const open = snap("openai");
    expect(open).toMatchObject({ state: "open", consecutiveFailures: 5, failures: 5, rejections: 0 });
    expect(open.openedAt).toBeGreaterThanOrEqual(before);
    expect(open.openedAt).toBeLessThanOrEqual(Date.now());
    expect(open.halfOpenAt).toBe((open.openedAt ?? 0) + WINDOW);
    // Only this dependency's breaker opened.
    expect(snap("chroma").state).toBe("closed");

    // Open: refused without reaching the dependency, even though it has healed.
    dep.mode = "ok";
    let called = false;
    const refused = await registry
      .execute("openai", async () => {
        called = true;
        return 1;
      })
      .catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DependencyUnavailableError);
    expect(refused).toMatchObject({ name: "DependencyUnavailableError", dependency: "openai", retryAt: open.halfOpenAt });
    await expect(call("openai")).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(called).toBe(false);
    expect(dep.requests).toBe(5);
    expect(snap("openai")).toMatchObject({ state: "open", rejections: 2, failures: 5 });

    // The window ends: half-open without any call (a timer tells listeners).
    await untilHalfOpen("openai");
    expect(snap("openai")).toMatchObject({ state: "half-open", openedAt: open.openedAt, halfOpenAt: open.halfOpenAt });

    // First success: still half-open (probation), failures streak reset.
    await expect(call("openai")).resolves.toBe(200);
    expect(snap("openai")).toMatchObject({ state: "half-open", consecutiveFailures: 0, successes: 1 });
    // Second success closes it.
    await expect(call("openai")).resolves.toBe(200);
    expect(snap("openai")).toMatchObject({
      state: "closed",
      consecutiveFailures: 0,
      successes: 2,
      failures: 5,
      rejections: 2,
      openedAt: null,
      halfOpenAt: null,
      lastError: "openai answered 500",
    });
    expect(dep.requests).toBe(7);
    expect(changes).toEqual([
      ["openai", "open"],
      ["openai", "half-open"],
      ["openai", "closed"],
    ]);
  });

  it("re-opens on a failure while half-open: on the probe, and on probation after one success", async () => {
    dep.mode = "error";
    await failTimes("chroma", 3);
    const first = snap("chroma");
    expect(first.state).toBe("open");

    // The probe fails: open again, with a new window.
    await untilHalfOpen("chroma");
    await expect(call("chroma")).rejects.toThrow("chroma answered 500");
    const second = snap("chroma");
    expect(second).toMatchObject({ state: "open", consecutiveFailures: 4 });
    expect(second.openedAt).toBeGreaterThan(first.openedAt ?? Infinity);
    await expect(call("chroma")).rejects.toBeInstanceOf(DependencyUnavailableError);

    // One probe success, then a dropped connection before the second: open again.
    await untilHalfOpen("chroma");
    dep.mode = "ok";
    await call("chroma");
    expect(snap("chroma")).toMatchObject({ state: "half-open", consecutiveFailures: 0 });
    dep.mode = "destroy";
    await expect(call("chroma")).rejects.toThrow();
    const third = snap("chroma");
    expect(third).toMatchObject({ state: "open", consecutiveFailures: 1, lastError: expect.stringContaining("fetch failed") });
    expect(third.openedAt).toBeGreaterThan(second.openedAt ?? Infinity);
    const requests = dep.requests;
    await expect(call("chroma")).rejects.toBeInstanceOf(DependencyUnavailableError);
    expect(dep.requests).toBe(requests);

    dep.mode = "ok";
    await untilHalfOpen("chroma");
    await call("chroma");
    await call("chroma");
    expect(snap("chroma")).toMatchObject({ state: "closed", successes: 3, failures: 5 });
  });

  it("does not count the caller's own aborts as failures, closed or half-open", async () => {
    // Closed: five aborted calls (the openai threshold) leave it closed. Each caller aborts once
    // its request has reached the dependency (a 30 ms timer could fire before the request was
    // sent on a loaded machine, and then fewer than five arrived).
    dep.mode = "hang";
    for (let i = 0; i < 5; i++) {
      const ac = new AbortController();
      const reason = new Error(`task cancelled ${i}`);
      const pending = call("openai", ac.signal);
      pending.catch(() => undefined);
      await dep.reached(i + 1);
      ac.abort(reason);
      await expect(pending).rejects.toBe(reason);
    }
    expect(snap("openai")).toMatchObject({ state: "closed", consecutiveFailures: 0, failures: 0, lastError: null });
    expect(dep.requests).toBe(5);

    // An already-aborted signal: nothing is sent.
    const aborted = new AbortController();
    aborted.abort(new Error("too late"));
    await expect(call("openai", aborted.signal)).rejects.toThrow("too late");
    expect(dep.requests).toBe(5);

    // A caller-side timeout of an unrelated kind still doesn't count.
    await expect(call("openai", AbortSignal.timeout(30))).rejects.toMatchObject({ name: "TimeoutError" });
    expect(snap("openai").consecutiveFailures).toBe(0);

    // Half-open: the probe's caller gives up once the probe is at the dependency; that is
    // neither a success nor a failure.
    dep.mode = "error";
    await failTimes("openai", 5);
    await untilHalfOpen("openai");
    dep.mode = "hang";
    const ac = new AbortController();
    const probeArrived = dep.reached(dep.requests + 1);
    const probe = call("openai", ac.signal);
    probe.catch(() => undefined);
    await probeArrived;
    ac.abort(new Error("shutdown"));
    await expect(probe).rejects.toThrow("shutdown");
    expect(snap("openai")).toMatchObject({ state: "half-open", consecutiveFailures: 5, successes: 0, failures: 5 });
    // Two real successes are still needed.
    dep.mode = "ok";
    await call("openai");
    expect(snap("openai").state).toBe("half-open");
    await call("openai");
    expect(snap("openai")).toMatchObject({ state: "closed", successes: 2 });
  });

  it("sends one probe while half-open; concurrent calls wait for its outcome", async () => {
    dep.mode = "error";
    await failTimes("gpu-runner", 5);
    await untilHalfOpen("gpu-runner");
    const base = dep.requests;

    // The probe fails: the waiters are refused without reaching the dependency.
    const failing = [call("gpu-runner"), call("gpu-runner"), call("gpu-runner")].map((p) => p.catch((e: unknown) => e));
    const outcomes = await Promise.all(failing);
    expect(outcomes[0]).toBeInstanceOf(Error);
    expect(outcomes[0]).not.toBeInstanceOf(DependencyUnavailableError);
    expect(outcomes[1]).toBeInstanceOf(DependencyUnavailableError);
    expect(outcomes[2]).toBeInstanceOf(DependencyUnavailableError);
    expect(dep.requests).toBe(base + 1);

    // The probe succeeds (held until the test releases it): only it reaches the dependency
    // until it answers.
    await untilHalfOpen("gpu-runner");
    dep.mode = "ok";
    const release = dep.hold();
    const calls = [call("gpu-runner"), call("gpu-runner"), call("gpu-runner")];
    await dep.reached(base + 2);
    // The others had turns to send while the probe is held; none did.
    await new Promise((r) => setTimeout(r, 50));
    expect(dep.requests).toBe(base + 2);
    release();
    await expect(Promise.all(calls)).resolves.toEqual([200, 200, 200]);
    expect(dep.requests).toBe(base + 4);
    expect(snap("gpu-runner")).toMatchObject({ state: "closed", successes: 3 });
  });

  it("lets a waiting caller leave when its signal aborts", async () => {
    dep.mode = "error";
    await failTimes("browser", 5);
    await untilHalfOpen("browser");
    dep.mode = "ok";
    const release = dep.hold();
    const base = dep.requests;
    const probe = call("browser");
    let probeSettled = false;
    void probe.finally(() => (probeSettled = true)).catch(() => undefined);
    await dep.reached(base + 1);
    const ac = new AbortController();
    const waiter = call("browser", ac.signal);
    waiter.catch(() => undefined);
    await new Promise((r) => setImmediate(r));
    ac.abort(new Error("cancelled while waiting"));
    // It leaves while the probe is still held at the dependency: it did not wait for the probe's
    // outcome (order, where a wall-clock bound of 250 ms failed on a loaded machine).
    await expect(waiter).rejects.toThrow("cancelled while waiting");
    expect(probeSettled).toBe(false);
    release();
    await expect(probe).resolves.toBe(200);
    // The waiter never reached the dependency, and its abort counted for nothing.
    await new Promise((r) => setTimeout(r, 50));
    expect(dep.requests).toBe(base + 1);
    expect(snap("browser")).toMatchObject({ state: "half-open", successes: 1, failures: 5 });
  });
});
