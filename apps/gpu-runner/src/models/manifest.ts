import { z } from "zod";

/**
 * A model's manifest.json: what the registry needs to load and serve it. The USE-lite
 * exporter writes one; Hugging Face ONNX export folders work without one (see hf-layout.ts);
 * a folder with just a model.onnx is served as a plain tensor model (KServe v2 only).
 */
export const modelIdSchema = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/, "letters, digits, . _ : - (max 128)");

const sparseInputs = z.object({
  style: z.literal("sparse"),
  /** [N, 2] int64: (row, position) of each token. */
  indices: z.string().default("indices"),
  /** [N] int64: the token ids. */
  values: z.string().default("values"),
});

const denseInputs = z.object({
  style: z.literal("dense"),
  inputIds: z.string().default("input_ids"),
  /** Omitted when the model has no such input. */
  attentionMask: z.string().nullable().default("attention_mask"),
  tokenTypeIds: z.string().nullable().default(null),
  padId: z.number().int().min(0).default(0),
});

export const manifestSchema = z
  .object({
    id: modelIdSchema,
    format: z.literal("onnx"),
    task: z.enum(["embedding", "tensor"]),
    description: z.string().max(2000).optional(),
    files: z.object({ model: z.string().min(1), tokenizer: z.string().min(1).optional() }),
    /** Token cap per text, special tokens included. */
    maxTokens: z.number().int().positive().optional(),
    /** Embedding width. */
    dimension: z.number().int().positive().optional(),
    /** none: the graph already pools; mean: over attention_mask; cls: first token. */
    pooling: z.enum(["none", "mean", "cls"]).default("mean"),
    /** L2-normalise the pooled vector. */
    normalize: z.boolean().default(true),
    tokenizer: z
      .object({
        kind: z.enum(["sentencepiece-unigram", "wordpiece"]),
        reservedSymbols: z.number().int().min(0).optional(),
      })
      .optional(),
    inputs: z.discriminatedUnion("style", [sparseInputs, denseInputs]).optional(),
    /** Output to read (default: the first). */
    output: z.string().optional(),
    /** Other names requests may use for this model (e.g. an OpenAI model name). */
    aliases: z.array(modelIdSchema).default([]),
    /** Serve it on the KServe v2 infer endpoint (needs a dynamic batch dim on every input). */
    kserve: z.boolean().optional(),
    /** Provenance written by the exporter (source fingerprint, exporter version). */
    source: z.record(z.string(), z.unknown()).optional(),
  })
  .superRefine((m, ctx) => {
    if (m.task === "embedding" && !m.tokenizer) ctx.addIssue({ code: "custom", path: ["tokenizer"], message: "embedding models need a tokenizer" });
    if (m.task === "embedding" && !m.files.tokenizer) ctx.addIssue({ code: "custom", path: ["files", "tokenizer"], message: "embedding models need a tokenizer file" });
  });

export type ModelManifest = z.infer<typeof manifestSchema>;
export type ManifestInput = z.input<typeof manifestSchema>;
