import { describe, expect, it } from "vitest";
import { DEFAULT_POOLS, parsePoolManifest } from "./pools.js";

describe("pool manifest", () => {
  it("defaults to the seed's configuration matrix", () => {
    const pools = parsePoolManifest("");
    const matrix = Object.fromEntries(
      Object.entries(pools).map(([name, c]) => [name, [c.concurrency, c.timeoutMs / 1000, c.retries]]),
    );
    expect(matrix).toEqual({
      rag: [10, 30, 2],
      scrape: [6, 180, 3],
      embed: [3, 120, 3],
      ingest: [4, 300, 3],
      batch: [3, 600, 2],
      maintenance: [2, 300, 1],
    });
  });

  it("merges YAML overrides over the defaults", () => {
    const pools = parsePoolManifest("version: 1\npools:\n  batch:\n    concurrency: 50\n");
    expect(pools.batch.concurrency).toBe(50);
    expect(pools.batch.timeoutMs).toBe(DEFAULT_POOLS.batch.timeoutMs);
    expect(pools.rag).toEqual(DEFAULT_POOLS.rag);
  });

  it("accepts JSON", () => {
    expect(parsePoolManifest('{"pools":{"rag":{"retries":0}}}').rag.retries).toBe(0);
  });

  it("rejects unknown pools and bad values, naming the field", () => {
    expect(() => parsePoolManifest("pools:\n  nope:\n    concurrency: 1\n")).toThrow(/pools/);
    expect(() => parsePoolManifest("pools:\n  rag:\n    concurrency: -1\n")).toThrow(/concurrency/);
    expect(() => parsePoolManifest("pools:\n  rag:\n    concurrncy: 4\n")).toThrow(/concurrncy/);
  });
});
