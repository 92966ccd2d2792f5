import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { silentLogger } from "../logger.js";
import { createRunner, type Runner } from "../runner.js";
import { referenceEmbedIds, referenceTokenizer } from "../testing/reference-use.js";
import { ensureUseLite } from "../testing/use-lite-fixture.js";
import { cosine } from "./pooling.js";

const OVER_LENGTH = Array.from({ length: 40 }, (_, i) => `Step ${i}: the worker claims a task, runs it and reports progress.`).join(" ");

const SENTENCES = [
  "Hello world.",
  "The quick brown fox jumps over the lazy dog.",
  "Zürich café — naïve coöperation at the façade; Ångström units.",
  "日本語のテキストと中文字符 mixed with English words.",
  "Emoji 😀🚀 and symbols ☕ ★ plus ﬁ ligatures and ＦＵＬＬＷＩＤＴＨ letters.",
  "URLs like https://example.com/a?b=c and smileys :)",
  OVER_LENGTH,
];

describe("USE-lite: ONNX export vs the same model in TF.js", () => {
  let runner: Runner;
  beforeAll(async () => {
    const dir = await ensureUseLite();
    runner = await createRunner(
      { modelsDir: "/nonexistent", extraModelDirs: [dir], autoExport: false, warmup: false, logLevel: "silent", executionProvider: "cpu" },
      { logger: silentLogger },
    );
  });
  afterAll(async () => {
    await runner?.close();
  });

  it("gives embeddings within 1e-5 of TF.js on Unicode and over-length input", async () => {
    const ref = referenceTokenizer();
    const refIds = SENTENCES.map((s) => ref.encode(s));
    expect(refIds[refIds.length - 1]?.length).toBeGreaterThan(128);
    // TF.js gets the package tokenizer's full ids (its graph clips to 128 positions itself);
    // the runner uses our tokenizer with its 128-token cap.
    const expected = await referenceEmbedIds(refIds);
    const got = await runner.embed(SENTENCES);
    expect(got.model).toBe("use-lite");
    expect(got.dimension).toBe(512);
    expect(got.truncated).toBe(1);
    let maxDiff = 0;
    got.embeddings.forEach((v, i) => {
      const e = expected[i] ?? [];
      expect(v).toHaveLength(512);
      for (let j = 0; j < 512; j++) maxDiff = Math.max(maxDiff, Math.abs((v[j] ?? NaN) - (e[j] ?? NaN)));
    });
    expect(maxDiff).toBeLessThan(1e-5);
    // Unit vectors (the graph normalises).
    for (const v of got.embeddings) expect(Math.hypot(...v)).toBeCloseTo(1, 5);
  }, 120_000);

  it("scores paraphrases higher than unrelated sentences", async () => {
    const triples: Array<[string, string, string]> = [
      ["How do I restart the worker?", "What is the way to reboot the worker process?", "The cake needs two cups of flour."],
      ["The cat sat on the mat.", "A cat was sitting on a rug.", "Stock markets fell sharply today."],
      ["The meeting was moved to Friday afternoon.", "We rescheduled the meeting for Friday after lunch.", "Penguins live in the southern hemisphere."],
    ];
    const { embeddings } = await runner.embed(triples.flat());
    for (let t = 0; t < triples.length; t++) {
      const [a, p, u] = [embeddings[3 * t], embeddings[3 * t + 1], embeddings[3 * t + 2]];
      if (!a || !p || !u) throw new Error("missing vectors");
      const para = cosine(a, p);
      const unrelated = cosine(a, u);
      expect(para, triples[t]?.join(" | ")).toBeGreaterThan(unrelated + 0.1);
    }
  });

  it("is deterministic across batch compositions (batched alone or with others)", async () => {
    const alone = await runner.embed(["Hello world."]);
    const mixed = await runner.embed(["Hello world.", OVER_LENGTH, "Another sentence entirely."]);
    const a = alone.embeddings[0] ?? [];
    const b = mixed.embeddings[0] ?? [];
    for (let j = 0; j < 512; j++) expect(Math.abs((a[j] ?? 0) - (b[j] ?? 0))).toBeLessThan(1e-5);
  });
});
