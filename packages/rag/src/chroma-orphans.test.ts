import { ChromaClient } from "chromadb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestChroma, type TestChroma } from "../../../test-support/chroma.js";
import { sweepOrphanChunks } from "./chroma-orphans.js";

let chroma: TestChroma;
const NOW = Date.UTC(2026, 11, 5, 12, 0, 0);
const HOUR = 3_600_000;
/** A generation as chroma-store.ts makes one: base-36 time, then 4 random characters. */
const gen = (at: number) => `${at.toString(36)}zz00`;

beforeAll(async () => {
  chroma = await startTestChroma();
}, 60_000);
afterAll(async () => {
  await chroma?.stop();
});

describe("orphan chunks in Chroma", () => {
  it("removes superseded generations past the grace period and malformed chunks, nothing else", async () => {
    const url = new URL(chroma.url);
    const client = new ChromaClient({ host: url.hostname, port: Number(url.port), ssl: false });
    const docs = await client.getOrCreateCollection({ name: "docs", embeddingFunction: null, configuration: { hnsw: { space: "cosine" } } });
    await client.getOrCreateCollection({ name: "empty", embeddingFunction: null });
    const chunks: Array<[id: string, documentId: string]> = [
      // a: re-ingested 2 h ago, but the old version's chunks were never removed.
      [`a#${gen(NOW - 3 * HOUR)}#0`, "a"],
      [`a#${gen(NOW - 3 * HOUR)}#1`, "a"],
      [`a#${gen(NOW - 2 * HOUR)}#0`, "a"],
      [`a#${gen(NOW - 2 * HOUR)}#1`, "a"],
      [`a#${gen(NOW - 2 * HOUR)}#2`, "a"],
      // b: a new version 10 minutes old, maybe still being written: left alone.
      [`b#${gen(NOW - 3 * HOUR)}#0`, "b"],
      [`b#${gen(NOW - 10 * 60_000)}#0`, "b"],
      // c: one version, a document id with '#' in it.
      [`c#1#${gen(NOW - 5 * HOUR)}#0`, "c#1"],
      // Not ours: no id form, or an id naming another document than its metadata.
      ["stray-1", "x"],
      [`d#${gen(NOW - 5 * HOUR)}#0`, "e"],
    ];
    await docs.add({
      ids: chunks.map(([id]) => id),
      embeddings: chunks.map((_, i) => [1, i + 1, 0.5]),
      documents: chunks.map(([id]) => `text of ${id}`),
      metadatas: chunks.map(([, documentId], i) => ({ documentId, source: "test", chunkIndex: i, createdAt: new Date(NOW).toISOString() })),
    });

    const options = { url: chroma.url, graceMs: HOUR, now: () => NOW };
    const dry = await sweepOrphanChunks({ ...options, dryRun: true });
    expect(dry).toEqual({ collections: 2, scanned: 10, staleGenerations: 2, malformed: 2, removed: 0 });
    expect(await docs.count()).toBe(10);

    const real = await sweepOrphanChunks({ ...options, dryRun: false });
    expect(real).toEqual({ collections: 2, scanned: 10, staleGenerations: 2, malformed: 2, removed: 4 });
    const left = (await docs.get({ include: [] })).ids.sort();
    expect(left).toEqual(
      [
        `a#${gen(NOW - 2 * HOUR)}#0`,
        `a#${gen(NOW - 2 * HOUR)}#1`,
        `a#${gen(NOW - 2 * HOUR)}#2`,
        `b#${gen(NOW - 3 * HOUR)}#0`,
        `b#${gen(NOW - 10 * 60_000)}#0`,
        `c#1#${gen(NOW - 5 * HOUR)}#0`,
      ].sort(),
    );
    // Once clean, a second sweep finds nothing.
    expect(await sweepOrphanChunks({ ...options, dryRun: false })).toMatchObject({ staleGenerations: 0, malformed: 0, removed: 0 });
  });
});
