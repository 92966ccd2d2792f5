import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { HostRateLimiter } from "./host-rate-limiter.js";

let redis: Redis;
const prefix = `t-hrl-${process.pid}-${Date.now().toString(36)}`;
beforeAll(() => {
  redis = new Redis(inject("redisUrl"), { maxRetriesPerRequest: 1 });
});
afterAll(async () => {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
});

describe("HostRateLimiter (real Redis)", () => {
  it("allows N per second per host, refuses the next with the time of the next slot, and counts hosts apart", async () => {
    const a = new HostRateLimiter({ redis, prefix, perSecond: 2 });
    // A second limiter on the same Redis, as another worker process would have.
    const b = new HostRateLimiter({ redis, prefix, perSecond: 2 });
    const before = Date.now();
    expect(await a.take("Site.Example")).toEqual({ ok: true });
    expect(await b.take("site.example")).toEqual({ ok: true });
    const refused = await a.take("site.example");
    expect(refused.ok).toBe(false);
    if (!refused.ok) {
      expect(refused.retryAt).toBeGreaterThan(before);
      expect(refused.retryAt).toBeLessThanOrEqual(Date.now() + 1_000);
    }
    expect(await b.take("other.example")).toEqual({ ok: true });
    expect(await redis.exists(`${prefix}:{switchyard}:scrape-rate:site.example`)).toBe(1);
  });

  it("turns fractional rates into whole windows, and 0 into no limit", async () => {
    const slow = new HostRateLimiter({ redis, prefix: `${prefix}-slow`, perSecond: 0.2 });
    const before = Date.now();
    expect((await slow.take("h")).ok).toBe(true);
    const r = await slow.take("h");
    expect(r.ok).toBe(false);
    // One slot per 5 s window, counted from the first take (whatever this machine's speed).
    if (!r.ok) expect(r.retryAt).toBeGreaterThanOrEqual(before + 4_900);
    const off = new HostRateLimiter({ redis, prefix, perSecond: 0 });
    for (let i = 0; i < 5; i++) expect(await off.take("h")).toEqual({ ok: true });
  });
});
