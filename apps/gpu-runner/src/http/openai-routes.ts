import { PRIORITIES, type Priority } from "@switchyard/shared";
import { Hono } from "hono";
import { z } from "zod";
import { InvalidInputError, RunnerError, UnsupportedError } from "../errors.js";
import { cosine } from "../models/pooling.js";
import type { Runner } from "../runner.js";
import { openAiError, validationError } from "./error-response.js";
import { clientGone, readJson, requestHints } from "./read-json.js";
import { noteModel } from "./request-metrics.js";

/**
 * OpenAI-compatible routes: POST /v1/embeddings, GET /v1/models, and two conveniences on the
 * same embeddings: POST /v1/similarity (rank candidates against a query) and POST
 * /v1/classify (zero-shot: softmax over cosine similarity to label hypotheses).
 */

const embeddingsBody = z
  .object({
    input: z.unknown().optional(),
    model: z.string().min(1).max(200).optional(),
    encoding_format: z.enum(["float", "base64"]).default("float"),
    dimensions: z.number().int().positive().optional(),
    user: z.string().max(1000).optional(),
  })
  .passthrough();

const similarityBody = z.object({
  query: z.string().min(1),
  candidates: z.array(z.string().min(1)).min(1),
  model: z.string().min(1).max(200).optional(),
  top_k: z.number().int().positive().optional(),
});

const classifyBody = z
  .object({
    text: z.string().min(1).optional(),
    texts: z.array(z.string().min(1)).min(1).optional(),
    labels: z.array(z.string().min(1).max(500)).min(2).max(100),
    model: z.string().min(1).max(200).optional(),
    hypothesis_template: z.string().min(1).max(500).default("This example is about {}."),
    temperature: z.number().positive().max(100).default(0.05),
  })
  .refine((b) => (b.text === undefined) !== (b.texts === undefined), { message: "give exactly one of text or texts", path: ["text"] });

function parse<T extends z.ZodTypeAny>(schema: T, body: unknown): z.infer<T> {
  const r = schema.safeParse(body);
  if (!r.success) throw validationError(r.error.issues);
  return r.data as z.infer<T>;
}

/** input: string | string[]; token arrays are refused with a clear message. */
function readInputs(input: unknown, maxInputs: number): string[] {
  if (input === undefined || input === null) throw new InvalidInputError("input is required (a string or an array of strings)", "input");
  if (typeof input === "string") return [input];
  if (!Array.isArray(input)) throw new InvalidInputError("input must be a string or an array of strings", "input");
  if (input.length === 0) throw new InvalidInputError("input must not be an empty array", "input");
  if (input.length > maxInputs) throw new InvalidInputError(`input has ${input.length} items; at most ${maxInputs} per request`, "input");
  const first = input[0];
  if (typeof first === "number" || Array.isArray(first)) {
    throw new UnsupportedError("token arrays are not supported as input; send the text as a string or an array of strings", "input");
  }
  return input.map((v, i) => {
    if (typeof v !== "string") throw new InvalidInputError(`input[${i}] must be a string`, `input[${i}]`);
    return v;
  });
}

function priorityFrom(hint: string | undefined): Priority | undefined {
  if (hint === undefined) return undefined;
  if (!(PRIORITIES as readonly string[]).includes(hint)) throw new InvalidInputError(`X-Priority must be one of ${PRIORITIES.join(", ")}`, "X-Priority");
  return hint as Priority;
}

function toBase64(v: Float32Array): string {
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString("base64");
}

function softmax(xs: readonly number[], temperature: number): number[] {
  const scaled = xs.map((x) => x / temperature);
  const m = Math.max(...scaled);
  const exps = scaled.map((x) => Math.exp(x - m));
  const sum = exps.reduce((a, b) => a + b, 0);
  return exps.map((e) => e / sum);
}

export function openAiRoutes(runner: Runner): Hono {
  const app = new Hono();
  const created = Math.floor(Date.now() / 1000);

  app.onError((err, c) => {
    if (!(err instanceof RunnerError)) runner.logger.error("request failed", { path: c.req.path, error: err instanceof Error ? err.message : String(err) });
    // Bodies refused while reading (chunked uploads); announced sizes are counted in app.ts.
    else if (err.code === "PAYLOAD_TOO_LARGE") runner.metrics.refusals.inc({ reason: "payload_too_large" });
    return openAiError(c, err);
  });

  app.post("/embeddings", async (c) => {
    const body = parse(embeddingsBody, await readJson(c, runner.config.http.bodyLimitBytes));
    const texts = readInputs(body.input, runner.config.http.maxInputs);
    const hints = requestHints(c);
    const model = runner.resolveModel(body.model);
    noteModel(c, model.id);
    if (model.kind !== "embedding") throw new UnsupportedError(`model ${model.id} is not a text-embedding model`, "model");
    if (body.dimensions !== undefined && body.dimensions !== model.dimension) {
      throw new UnsupportedError(`dimensions=${body.dimensions} is not supported by ${model.id}; it produces ${model.dimension}-dimensional embeddings only`, "dimensions");
    }
    const priority = priorityFrom(hints.priority);
    const r = await runner.embedVectors(texts, {
      model: model.id,
      ...(priority ? { priority } : {}),
      ...(hints.deadlineMs !== undefined ? { deadlineMs: hints.deadlineMs } : {}),
      signal: clientGone(c),
    });
    const base64 = body.encoding_format === "base64";
    return c.json({
      object: "list",
      data: r.vectors.map((v, index) => ({ object: "embedding", index, embedding: base64 ? toBase64(v) : Array.from(v) })),
      model: body.model ?? r.model,
      usage: { prompt_tokens: r.tokens, total_tokens: r.tokens },
    });
  });

  app.get("/models", (c) =>
    c.json({
      object: "list",
      data: runner.models.list().flatMap((m) => [m.id, ...m.aliases].map((id) => ({ id, object: "model", created, owned_by: "switchyard" }))),
    }),
  );

  app.get("/models/:id", (c) => {
    const m = runner.resolveModel(c.req.param("id"));
    return c.json({ id: m.id, object: "model", created, owned_by: "switchyard" });
  });

  app.post("/similarity", async (c) => {
    const body = parse(similarityBody, await readJson(c, runner.config.http.bodyLimitBytes));
    if (body.candidates.length + 1 > runner.config.http.maxInputs) throw new InvalidInputError(`at most ${runner.config.http.maxInputs - 1} candidates`, "candidates");
    const hints = requestHints(c);
    const priority = priorityFrom(hints.priority);
    const r = await runner.embedVectors([body.query, ...body.candidates], {
      ...(body.model ? { model: body.model } : {}),
      ...(priority ? { priority } : {}),
      ...(hints.deadlineMs !== undefined ? { deadlineMs: hints.deadlineMs } : {}),
      signal: clientGone(c),
    });
    const [q, ...cands] = r.vectors;
    if (!q) throw new RunnerError("INFERENCE_FAILED", "no query vector");
    const ranked = cands
      .map((v, index) => ({ index, text: body.candidates[index] ?? "", score: cosine(q, v) }))
      .sort((a, b) => b.score - a.score);
    noteModel(c, r.model);
    return c.json({
      object: "list",
      model: r.model,
      data: body.top_k ? ranked.slice(0, body.top_k) : ranked,
      usage: { prompt_tokens: r.tokens, total_tokens: r.tokens },
    });
  });

  app.post("/classify", async (c) => {
    const body = parse(classifyBody, await readJson(c, runner.config.http.bodyLimitBytes));
    const texts = body.texts ?? (body.text !== undefined ? [body.text] : []);
    if (!body.hypothesis_template.includes("{}")) throw new InvalidInputError('hypothesis_template must contain "{}" where the label goes', "hypothesis_template");
    if (texts.length + body.labels.length > runner.config.http.maxInputs) throw new InvalidInputError(`texts + labels must not exceed ${runner.config.http.maxInputs}`, "texts");
    const hypotheses = body.labels.map((l) => body.hypothesis_template.replace("{}", l));
    const hints = requestHints(c);
    const priority = priorityFrom(hints.priority);
    const r = await runner.embedVectors([...texts, ...hypotheses], {
      ...(body.model ? { model: body.model } : {}),
      ...(priority ? { priority } : {}),
      ...(hints.deadlineMs !== undefined ? { deadlineMs: hints.deadlineMs } : {}),
      signal: clientGone(c),
    });
    const labelVecs = r.vectors.slice(texts.length);
    const data = texts.map((text, index) => {
      const v = r.vectors[index];
      if (!v) throw new RunnerError("INFERENCE_FAILED", "missing text vector");
      const sims = labelVecs.map((l) => cosine(v, l));
      const probs = softmax(sims, body.temperature);
      const labels = body.labels
        .map((label, i) => ({ label, score: probs[i] ?? 0, similarity: sims[i] ?? 0 }))
        .sort((a, b) => b.score - a.score);
      return { index, text, labels };
    });
    noteModel(c, r.model);
    return c.json({ object: "list", model: r.model, data, usage: { prompt_tokens: r.tokens, total_tokens: r.tokens } });
  });

  return app;
}
