import type { Socket } from "node:net";
import { afterEach, describe, expect, inject, it } from "vitest";
import type { Redis } from "ioredis";
import { coalesceWrites } from "./coalesce-writes.js";
import { closeRedis, createRedis } from "./redis-connection.js";

const prefix = `coalesce-test-${process.pid}-${Date.now()}`;
const open: Redis[] = [];
afterEach(async () => {
  for (const r of open.splice(0)) {
    const keys = await r.keys(`${prefix}:*`);
    if (keys.length > 0) await r.del(...keys);
    await closeRedis(r);
  }
});

function connect(coalesced: boolean): Redis {
  const r = createRedis(inject("redisUrl"), "coalesce-test");
  open.push(r);
  return coalesced ? coalesceWrites(r) : r;
}

/** Counts the socket-level write calls (write or writev) the connection's current stream makes. */
function countSocketWrites(redis: Redis): () => number {
  type SocketWrite = (...args: unknown[]) => void;
  const stream = (redis as unknown as { stream: Socket & { _write: SocketWrite; _writev: SocketWrite } }).stream;
  let calls = 0;
  for (const name of ["_write", "_writev"] as const) {
    const original = stream[name].bind(stream);
    stream[name] = (...args: unknown[]) => {
      calls++;
      return original(...args);
    };
  }
  return () => calls;
}

describe("coalesceWrites", () => {
  it("sends the commands of one event-loop turn in one socket write, each with its own reply, in order", async () => {
    const plain = connect(false);
    const coalesced = connect(true);
    await Promise.all([plain.ping(), coalesced.ping()]);
    const plainWrites = countSocketWrites(plain);
    const coalescedWrites = countSocketWrites(coalesced);
    const run = (r: Redis) => Promise.all(Array.from({ length: 200 }, (_, i) => r.incrby(`${prefix}:${r === plain ? "p" : "c"}`, i + 1)));

    const [p, c] = await Promise.all([run(plain), run(coalesced)]);
    // Every reply belongs to its own command: running totals 1, 3, 6, …
    const totals = Array.from({ length: 200 }, (_, i) => ((i + 1) * (i + 2)) / 2);
    expect(p).toEqual(totals);
    expect(c).toEqual(totals);
    expect(plainWrites()).toBe(200);
    expect(coalescedWrites()).toBe(1);
  });

  it("keeps coalescing after a reconnect, and errors still reach their own command", async () => {
    const r = connect(true);
    await r.ping();
    const id = await r.client("ID");
    const killer = connect(false);
    await killer.client("KILL", "ID", String(id));
    // Commands issued while reconnecting wait in ioredis's offline queue, then run.
    await expect(r.set(`${prefix}:after`, "1")).resolves.toBe("OK");
    expect(await r.client("ID")).not.toBe(id);
    const writes = countSocketWrites(r);
    const results = await Promise.allSettled([r.get(`${prefix}:after`), r.hget(`${prefix}:after`, "f"), r.incr(`${prefix}:n`)]);
    expect(results[0]).toEqual({ status: "fulfilled", value: "1" });
    expect(results[1]?.status).toBe("rejected"); // WRONGTYPE: a string is not a hash
    expect(results[2]).toEqual({ status: "fulfilled", value: 1 });
    expect(writes()).toBe(1);
  });
});
