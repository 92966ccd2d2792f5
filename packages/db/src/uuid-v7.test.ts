import { describe, expect, it } from "vitest";
import { compactUuidV7, uuidV7 } from "./uuid-v7.js";

describe("uuidV7", () => {
  it("is a version 7, RFC variant UUID carrying the current time", () => {
    const before = Date.now();
    const id = uuidV7();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    const ms = parseInt(id.replace(/-/g, "").slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });

  it("sorts in creation order, even many in one millisecond", () => {
    const ids = Array.from({ length: 10_000 }, uuidV7);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    // Many times the random pool's size: every id keeps the version and variant bits.
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    // The random tails (last 12 hex digits: 48 bits drawn from the pool) do not repeat.
    expect(new Set(ids.map((id) => id.slice(-12))).size).toBe(ids.length);
  });
});

/** Decodes a compact id back to the UUID's 32 hex digits (the test's own reading of the format). */
function compactToHex(id: string): string {
  const alphabet = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";
  let n = 0n;
  for (const ch of id) n = n * 64n + BigInt(alphabet.indexOf(ch));
  return n.toString(16).padStart(32, "0");
}

describe("compactUuidV7", () => {
  it("is 22 URL-safe characters that decode to a version 7 UUID carrying the current time", () => {
    const before = Date.now();
    const id = compactUuidV7();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    const hex = compactToHex(id);
    expect(hex).toMatch(/^[0-9a-f]{12}7[0-9a-f]{3}[89ab][0-9a-f]{15}$/);
    const ms = parseInt(hex.slice(0, 12), 16);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now() + 1);
  });

  it("sorts in creation order as plain strings, unique across many in one millisecond", () => {
    const ids = Array.from({ length: 10_000 }, compactUuidV7);
    // Default sort compares UTF-16 code units: the same order as SQL's binary collation.
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    const decoded = ids.map(compactToHex);
    expect([...decoded].sort()).toEqual(decoded);
  });
});
