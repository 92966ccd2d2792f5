import { PRIORITIES } from "@switchyard/shared";
import type { RunnerConfig } from "../config.js";
import { PendingRequest } from "../engine/pending-request.js";
import { InvalidInputError, UnsupportedError } from "../errors.js";
import type { EmbedOptions, EmbedResult, EmbedVectorsResult } from "../runner-api.js";
import type { Admission } from "./admission.js";
import type { SubmitWork } from "./submit-work.js";
import { lengthBucket, type WorkInput } from "./work-item.js";

/** Text embedding: validate and tokenize the texts, queue one part per text, gather the vectors. */
export function createEmbedder(args: { config: RunnerConfig; admission: Admission; submit: SubmitWork }): {
  embedVectors(texts: readonly string[], options?: EmbedOptions): Promise<EmbedVectorsResult>;
  embed(texts: readonly string[], options?: EmbedOptions): Promise<EmbedResult>;
} {
  const { config, admission, submit } = args;

  const embedVectors = async (texts: readonly string[], options: EmbedOptions = {}): Promise<EmbedVectorsResult> => {
    admission.admit();
    const model = admission.resolveModel(options.model);
    if (model.kind !== "embedding") throw new UnsupportedError(`model ${model.id} is not a text-embedding model`, "model");
    if (!Array.isArray(texts) || texts.length === 0) throw new InvalidInputError("input must contain at least one text", "input");
    const priority = options.priority ?? "normal";
    if (!PRIORITIES.includes(priority)) throw new InvalidInputError(`priority must be one of ${PRIORITIES.join(", ")}`, "priority");
    const deadline = admission.deadlineAt(options.deadlineMs);
    let tokens = 0;
    let truncated = 0;
    const tokensPerText: number[] = [];
    const req = new PendingRequest<Float32Array>(texts.length, options.onProgress);
    const work: WorkInput[] = [];
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i];
      if (typeof text !== "string") throw new InvalidInputError(`input[${i}] must be a string`, `input[${i}]`);
      if (text.length === 0) throw new InvalidInputError(`input[${i}] is empty; empty strings cannot be embedded`, `input[${i}]`);
      const enc = model.tokenizer.encode(text);
      if (enc.ids.length === 0) throw new InvalidInputError(`input[${i}] has no tokens after normalisation`, `input[${i}]`);
      tokens += enc.ids.length;
      tokensPerText.push(enc.ids.length);
      if (enc.truncated) truncated++;
      const bucket = lengthBucket(enc.ids.length, config.batch.lengthBuckets, model.maxTokens);
      work.push({ item: { kind: "embed", model, ids: enc.ids, req, index: i }, slots: 1, groupKey: `${model.id}|${bucket}` });
    }
    const vectors = await submit(req, work, priority, deadline, options.signal);
    return { model: model.id, dimension: model.dimension, vectors, tokens, truncated, tokensPerText };
  };

  const embed = async (texts: readonly string[], options: EmbedOptions = {}): Promise<EmbedResult> => {
    const r = await embedVectors(texts, options);
    return { model: r.model, dimension: r.dimension, embeddings: r.vectors.map((v) => Array.from(v)), tokens: r.tokens, truncated: r.truncated };
  };

  return { embedVectors, embed };
}
