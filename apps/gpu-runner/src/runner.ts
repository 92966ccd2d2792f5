import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";
import { PRIORITIES, type Priority } from "@switchyard/shared";
import { createAuthenticator } from "./auth.js";
import { resolveConfig, type RunnerConfig, type RunnerConfigInput } from "./config.js";
import { Batcher } from "./engine/batcher.js";
import { PendingRequest } from "./engine/pending-request.js";
import { RateEstimator } from "./engine/rate-estimator.js";
import { RequestQueue, type QueueEntry } from "./engine/request-queue.js";
import { ResourceManager, nvidiaSmiReader } from "./engine/resource-manager.js";
import { createSessionHost } from "./engine/session-host.js";
import type { SessionTuning } from "./engine/session-protocol.js";
import {
  CancelledError,
  DeadlineExceededError,
  InferenceError,
  InvalidInputError,
  ModelNotFoundError,
  OverloadedError,
  QueueFullError,
  RunnerError,
  ShuttingDownError,
  UnsupportedError,
} from "./errors.js";
import { USE_LITE_ID, exportUseLite } from "./export/export-use-lite.js";
import { createLogger } from "./logger.js";
import { createMetrics } from "./metrics.js";
import type { EmbeddingModel } from "./models/embedding-model.js";
import { warmModels } from "./models/warmup.js";
import { discoverModelDirs, loadModels, type LoadedModel } from "./models/registry.js";
import { concatBatch, hasDynamicBatch, isSupportedType, splitBatch } from "./models/tensor-model.js";
import type { CancelSignal, EmbedOptions, EmbedResult, EmbedVectorsResult, HealthReport, InferOptions, Runner, RunnerDeps } from "./runner-api.js";

export type { CancelSignal, EmbedOptions, EmbedResult, EmbedVectorsResult, HealthReport, InferOptions, Runner, RunnerDeps } from "./runner-api.js";
import { elementCount, type HostTensor } from "./onnx/tensor-types.js";

/**
 * The runner: model registry, request queue, dynamic batcher, resource manager and the
 * session host, behind an in-process API (embed / infer) that the HTTP server and the
 * platform's embed workers both use.
 */

type EmbedItem = {
  kind: "embed";
  model: EmbeddingModel;
  ids: number[];
  req: PendingRequest<Float32Array>;
  index: number;
};

type TensorItem = {
  kind: "tensor";
  model: LoadedModel;
  inputs: Record<string, HostTensor>;
  rows: number;
  req: PendingRequest<Record<string, HostTensor>>;
  index: number;
};

type WorkItem = EmbedItem | TensorItem;

function bucketOf(len: number, buckets: readonly number[], maxTokens: number): number {
  for (const b of buckets) if (len <= b) return b;
  return Math.max(maxTokens, len);
}

export async function createRunner(input: RunnerConfig | RunnerConfigInput = {}, deps: RunnerDeps = {}): Promise<Runner> {
  const config = resolveConfig(input as RunnerConfigInput);
  const logger = deps.logger ?? createLogger(config.logLevel);
  const metrics = deps.metrics ?? createMetrics();
  const startedAt = Date.now();

  // Models: export USE-lite first when it is missing (so `npm start` works on a fresh clone).
  const useLiteDir = join(config.modelsDir, USE_LITE_ID);
  if (config.autoExport && !existsSync(join(useLiteDir, "manifest.json"))) {
    logger.info("exporting USE-lite to ONNX (first start)", { dir: useLiteDir });
    const r = await exportUseLite({ outDir: useLiteDir });
    logger.info("USE-lite exported", { dir: r.dir, bytes: r.modelBytes, ms: Math.round(r.elapsedMs), skipped: r.skipped });
  }
  const dirs = await discoverModelDirs(config.modelsDir, config.extraModelDirs);
  if (dirs.length === 0) {
    throw new RunnerError(
      "MODEL_LOAD_FAILED",
      `no model folders in ${config.modelsDir}; run \`npm run export-model -w @switchyard/gpu-runner\` (or set GPU_RUNNER_AUTO_EXPORT=true)`,
    );
  }

  // CPU: one single-threaded session replica per core by default; CUDA: one session.
  const replicas =
    config.sessionHost === "inline" ? 1 : config.sessionReplicas > 0 ? config.sessionReplicas : config.executionProvider === "cuda" ? 1 : availableParallelism();
  const host = deps.sessionHost ?? createSessionHost(config.sessionHost, replicas);
  const intraOpThreads = config.intraOpThreads > 0 ? config.intraOpThreads : host.parallelism > 1 ? 1 : 0;
  const tuning: SessionTuning = { intraOpThreads, allowSpinning: config.allowSpinning, cudaDeviceId: config.cudaDeviceId };
  const maxInFlight = config.batch.maxInFlight > 0 ? config.batch.maxInFlight : host.parallelism;
  let loaded: Awaited<ReturnType<typeof loadModels>>;
  try {
    loaded = await loadModels({ dirs, host, provider: config.executionProvider, tuning, logger });
  } catch (err) {
    await host.close().catch(() => {});
    throw err;
  }
  const { registry, provider, failures } = loaded;
  if (registry.list().length === 0) {
    await host.close().catch(() => {});
    throw new RunnerError("MODEL_LOAD_FAILED", `no model could be loaded: ${failures.map((f) => `${f.dir}: ${f.error}`).join("; ")}`);
  }
  if (!registry.get(config.defaultModel)) {
    logger.warn("default model is not loaded; requests must name a model", { defaultModel: config.defaultModel, loaded: registry.list().map((m) => m.id) });
  }
  if (provider.fallbackReason) {
    logger.warn("execution provider fallback: running on CPU", { requested: provider.requested, active: provider.active, reason: provider.fallbackReason });
  } else {
    logger.info("execution provider", { requested: provider.requested, active: provider.active });
  }
  metrics.providerInfo.set({ provider: provider.active, requested: provider.requested, fallback_reason: provider.fallbackReason ?? "" }, 1);
  metrics.modelsLoaded.set(registry.list().length);

  // Resource manager.
  const resources = new ResourceManager({
    softLimitMb: config.memory.softLimitMb,
    criticalLimitMb: config.memory.criticalLimitMb,
    gpuSoftLimitMb: config.memory.gpuSoftLimitMb,
    gpuCriticalLimitMb: config.memory.gpuCriticalLimitMb,
    checkIntervalMs: config.memory.checkIntervalMs,
    ...(deps.readRss ? { readRss: deps.readRss } : {}),
    onChange: (from, to, snap) => {
      const log = to === "ok" ? logger.info : logger.warn;
      log("memory pressure changed", { from, to, rssMb: snap.rssMb, gpu: snap.gpu });
    },
  });
  if (provider.active === "cuda") {
    resources.setGpuReader(deps.readGpu ?? nvidiaSmiReader(config.cudaDeviceId), "");
  } else {
    resources.setGpuReader(undefined, "not on a GPU (CPU execution provider); ONNX Runtime's Node API does not report device memory");
  }
  resources.start();

  // Token budget 0 = auto: on CPU a batch of long inputs stops paying off early (measured: 16 ×
  // 128 tokens beat 64 × 128 on throughput and p99), a GPU wants large batches.
  const tokenBudget = config.batch.tokenBudget > 0 ? config.batch.tokenBudget : provider.active === "cuda" ? 16_384 : 2_048;
  const effectiveMaxBatch = (): number => Math.max(1, Math.floor(config.batch.maxBatchSize * resources.batchSizeFactor()));

  // Throughput estimate for Retry-After.
  const throughput = new RateEstimator();
  const retryAfterSeconds = (): number => Math.min(60, Math.max(1, Math.ceil(queue.depth / (throughput.perSecond || 50))));

  const queue: RequestQueue<WorkItem> = new RequestQueue<WorkItem>({
    maxDepth: config.queue.maxDepth,
    agingMs: config.queue.agingMs,
    onExpired: (entry) => {
      metrics.refusals.inc({ reason: "deadline" });
      entry.item.req.fail(new DeadlineExceededError(performance.now() - entry.enqueuedAt, entry.deadlineAt - entry.enqueuedAt));
    },
  });

  const padded = (batch: ReadonlyArray<QueueEntry<WorkItem>>, extra?: QueueEntry<WorkItem>): number => {
    let maxLen = 0;
    let rows = 0;
    for (const e of extra ? [...batch, extra] : batch) {
      if (e.item.kind === "embed") maxLen = Math.max(maxLen, e.item.ids.length);
      rows += e.slots;
    }
    return maxLen * rows;
  };

  const executeBatch = async (batch: Array<QueueEntry<WorkItem>>): Promise<() => void> => {
    const first = batch[0];
    if (!first) return () => {};
    const started = performance.now();
    for (const e of batch) metrics.queueWait.observe({ priority: e.priority }, (started - e.enqueuedAt) / 1000);
    const model = first.item.model;
    const rows = batch.reduce((s, e) => s + e.slots, 0);
    metrics.batchSize.observe({ model: model.id }, rows);
    if (first.item.kind === "embed") {
      const items = batch.map((e) => e.item as EmbedItem);
      const embedModel = first.item.model;
      const idRows = items.map((i) => i.ids);
      const feeds = embedModel.buildFeeds(idRows);
      const { outputs, computeMs } = await host.run(embedModel.id, feeds, [embedModel.outputName]);
      metrics.computeSeconds.observe({ model: model.id }, computeMs / 1000);
      const vectors = embedModel.readVectors(outputs, idRows);
      metrics.inputs.inc({ model: model.id }, items.length);
      metrics.tokens.inc({ model: model.id }, idRows.reduce((s, r) => s + r.length, 0));
      throughput.add(items.length);
      return () => {
        for (let i = 0; i < items.length; i++) {
          const it = items[i] as EmbedItem;
          it.req.complete(it.index, vectors[i] ?? new Float32Array(0));
        }
      };
    }
    const items = batch.map((e) => e.item as TensorItem);
    const feeds = concatBatch(items.map((i) => i.inputs));
    const { outputs, computeMs } = await host.run(model.id, feeds);
    metrics.computeSeconds.observe({ model: model.id }, computeMs / 1000);
    const parts = splitBatch(outputs, items.map((i) => i.rows));
    metrics.inputs.inc({ model: model.id }, rows);
    throughput.add(rows);
    return () => {
      for (let i = 0; i < items.length; i++) {
        const it = items[i] as TensorItem;
        it.req.complete(it.index, parts[i] ?? {});
      }
    };
  };

  const batcher = new Batcher<WorkItem>({
    queue,
    maxBatchSize: effectiveMaxBatch,
    maxQueueDelayMs: config.batch.maxQueueDelayMs,
    gatherMs: config.batch.gatherMs,
    gatherBatchSize: config.batch.gatherBatchSize,
    maxInFlight,
    accept: (entry, batch) => entry.item.kind !== "embed" || padded(batch, entry) <= tokenBudget,
    execute: executeBatch,
    onError: (err, batch) => {
      const message = err instanceof Error ? err.message : String(err);
      logger.error("batch failed", { model: batch[0]?.item.model.id, rows: batch.length, error: message });
      const error = err instanceof RunnerError ? err : new InferenceError(`inference failed: ${message}`, err);
      for (const e of batch) e.item.req.fail(error);
    },
  });

  // Periodic: expire deadlines, age priorities, publish gauges.
  const tick = setInterval(() => {
    queue.expire();
    if (queue.age() > 0) batcher.notify();
    const byP = queue.depthByPriority();
    for (const p of PRIORITIES) metrics.queueDepth.set({ priority: p }, byP[p]);
    const snap = resources.snapshot();
    metrics.memoryRss.set(snap.rssMb * 1024 * 1024);
    for (const s of ["ok", "soft", "critical"] as const) metrics.memoryPressure.set({ state: s }, snap.state === s ? 1 : 0);
    if (snap.gpu.available) metrics.gpuMemoryUsed.set(snap.gpu.usedMb * 1024 * 1024);
    metrics.maxBatchSize.set(effectiveMaxBatch());
  }, 50);
  tick.unref();
  metrics.maxBatchSize.set(effectiveMaxBatch());

  let accepting = true;
  let closed = false;

  const admit = (): void => {
    if (!accepting) {
      metrics.refusals.inc({ reason: "shutting_down" });
      throw new ShuttingDownError();
    }
    if (!resources.canAccept()) {
      metrics.refusals.inc({ reason: "overloaded" });
      const snap = resources.snapshot();
      throw new OverloadedError(`memory above the critical limit (rss ${snap.rssMb} MB ≥ ${snap.criticalLimitMb} MB); new work is refused until it falls`, 5);
    }
  };

  const deadlineAt = (deadlineMs: number | undefined): number => {
    const ms = deadlineMs ?? config.queue.defaultDeadlineMs;
    if (!Number.isFinite(ms) || ms <= 0) throw new InvalidInputError("deadlineMs must be a positive number of milliseconds", "deadlineMs");
    return performance.now() + Math.min(ms, config.queue.maxDeadlineMs);
  };

  const resolveModel = (name: string | undefined): LoadedModel => {
    const id = name ?? config.defaultModel;
    const m = registry.get(id);
    if (!m) throw new ModelNotFoundError(id);
    return m;
  };

  const refuseFull = (slots: number): never => {
    metrics.refusals.inc({ reason: "queue_full" });
    throw new QueueFullError(queue.depth + slots, queue.maxDepth, retryAfterSeconds());
  };

  /**
   * Enqueue one request's parts. A request larger than half the queue goes in windows: the
   * first is admitted (or refused) like any request, later ones follow as earlier parts
   * complete. Failure of any part (or cancel) takes the rest off the queue.
   */
  const submit = <R>(
    req: PendingRequest<R>,
    inputs: Array<{ item: WorkItem; slots: number; groupKey: string }>,
    priority: Priority,
    deadline: number,
    signal: CancelSignal | undefined,
  ): Promise<R[]> => {
    const total = inputs.reduce((s, i) => s + i.slots, 0);
    const window = Math.max(1, Math.floor(queue.maxDepth / 2));
    const firstCount = total <= queue.maxDepth ? inputs.length : countWithin(inputs, window);
    const entries: Array<QueueEntry<WorkItem>> = [];
    let next = 0;
    const enqueue = (count: number, force: boolean): boolean => {
      const batchInputs: Array<{ item: WorkItem; priority: Priority; deadlineAt: number; groupKey: string; slots: number }> = [];
      for (let i = next; i < next + count; i++) {
        const w = inputs[i];
        if (w) batchInputs.push({ item: w.item, priority, deadlineAt: deadline, groupKey: w.groupKey, slots: w.slots });
      }
      const added = queue.tryEnqueue(batchInputs, force);
      if (!added) return false;
      for (const e of added) entries.push(e);
      next += count;
      batcher.notify();
      return true;
    };
    if (!enqueue(firstCount, false)) refuseFull(inputs.slice(0, firstCount).reduce((s, i) => s + i.slots, 0));
    req.onFail = () => {
      for (const e of entries) queue.remove(e);
      next = inputs.length;
    };
    if (next < inputs.length) {
      void (async () => {
        while (next < inputs.length && !req.isSettled) {
          const outstanding = next - req.completed;
          if (outstanding >= window) {
            await req.waitFor(next - Math.floor(window / 2));
            continue;
          }
          if (!accepting) return req.fail(new ShuttingDownError());
          enqueue(countWithin(inputs.slice(next), window - outstanding), true);
        }
      })();
    }
    if (signal) {
      const onAbort = (): void => {
        const r = signal.reason;
        const reason = r instanceof Error ? r.message : typeof r === "string" ? r : "aborted";
        req.fail(new CancelledError(reason));
      };
      if (signal.aborted) onAbort();
      else {
        signal.addEventListener("abort", onAbort, { once: true });
        req.promise.then(
          () => signal.removeEventListener("abort", onAbort),
          () => signal.removeEventListener("abort", onAbort),
        );
      }
    }
    return req.promise;
  };

  const embedVectors = async (texts: readonly string[], options: EmbedOptions = {}): Promise<EmbedVectorsResult> => {
    admit();
    const model = resolveModel(options.model);
    if (model.kind !== "embedding") throw new UnsupportedError(`model ${model.id} is not a text-embedding model`, "model");
    if (!Array.isArray(texts) || texts.length === 0) throw new InvalidInputError("input must contain at least one text", "input");
    const priority = options.priority ?? "normal";
    if (!PRIORITIES.includes(priority)) throw new InvalidInputError(`priority must be one of ${PRIORITIES.join(", ")}`, "priority");
    const deadline = deadlineAt(options.deadlineMs);
    let tokens = 0;
    let truncated = 0;
    const tokensPerText: number[] = [];
    const req = new PendingRequest<Float32Array>(texts.length, options.onProgress);
    const work: Array<{ item: WorkItem; slots: number; groupKey: string }> = [];
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i];
      if (typeof text !== "string") throw new InvalidInputError(`input[${i}] must be a string`, `input[${i}]`);
      if (text.length === 0) throw new InvalidInputError(`input[${i}] is empty; empty strings cannot be embedded`, `input[${i}]`);
      const enc = model.tokenizer.encode(text);
      if (enc.ids.length === 0) throw new InvalidInputError(`input[${i}] has no tokens after normalisation`, `input[${i}]`);
      tokens += enc.ids.length;
      tokensPerText.push(enc.ids.length);
      if (enc.truncated) truncated++;
      const bucket = bucketOf(enc.ids.length, config.batch.lengthBuckets, model.maxTokens);
      work.push({ item: { kind: "embed", model, ids: enc.ids, req, index: i }, slots: 1, groupKey: `${model.id}|${bucket}` });
    }
    const vectors = await submit(req, work, priority, deadline, options.signal);
    return { model: model.id, dimension: model.dimension, vectors, tokens, truncated, tokensPerText };
  };

  const embed = async (texts: readonly string[], options: EmbedOptions = {}): Promise<EmbedResult> => {
    const r = await embedVectors(texts, options);
    return { model: r.model, dimension: r.dimension, embeddings: r.vectors.map((v) => Array.from(v)), tokens: r.tokens, truncated: r.truncated };
  };

  const infer = async (name: string, inputs: Record<string, HostTensor>, options: InferOptions = {}): Promise<Record<string, HostTensor>> => {
    admit();
    const model = resolveModel(name);
    if (!model.kserve) throw new UnsupportedError(`model ${model.id} is not served on the tensor (KServe v2) API`, "model");
    if (!hasDynamicBatch(model.session)) throw new UnsupportedError(`model ${model.id} has no dynamic batch dimension`, "model");
    const priority = options.priority ?? "normal";
    const deadline = deadlineAt(options.deadlineMs);
    let rows = -1;
    const signature: string[] = [];
    for (const spec of model.session.inputs) {
      const t = inputs[spec.name];
      if (!t) throw new InvalidInputError(`input ${spec.name} is missing`, `inputs.${spec.name}`);
      if (!isSupportedType(spec.type) || t.type !== spec.type) throw new InvalidInputError(`input ${spec.name} must be ${spec.type}, got ${t.type}`, `inputs.${spec.name}`);
      if (t.dims.length !== spec.dims.length) throw new InvalidInputError(`input ${spec.name} must have rank ${spec.dims.length}, got [${t.dims.join(",")}]`, `inputs.${spec.name}`);
      spec.dims.forEach((d, i) => {
        if (i > 0 && typeof d === "number" && d >= 0 && t.dims[i] !== d) throw new InvalidInputError(`input ${spec.name} dim ${i} must be ${d}, got ${t.dims[i]}`, `inputs.${spec.name}`);
      });
      if (elementCount(t.dims) !== t.data.length) throw new InvalidInputError(`input ${spec.name}: shape [${t.dims.join(",")}] does not match ${t.data.length} values`, `inputs.${spec.name}`);
      const r = t.dims[0] ?? 0;
      if (rows >= 0 && r !== rows) throw new InvalidInputError(`all inputs need the same batch size (${rows} vs ${r} for ${spec.name})`, `inputs.${spec.name}`);
      rows = r;
      signature.push(`${spec.name}:${t.type}:${t.dims.slice(1).join("x")}`);
    }
    const extra = Object.keys(inputs).filter((k) => !model.session.inputs.some((s) => s.name === k));
    if (extra.length) throw new InvalidInputError(`unknown inputs: ${extra.join(", ")}`, "inputs");
    if (rows <= 0) throw new InvalidInputError("batch dimension must be at least 1", "inputs");
    const req = new PendingRequest<Record<string, HostTensor>>(1);
    const item: TensorItem = { kind: "tensor", model, inputs, rows, req, index: 0 };
    const [result] = await submit(req, [{ item, slots: rows, groupKey: `${model.id}|${signature.join("|")}` }], priority, deadline, options.signal);
    if (!result) throw new InferenceError("no result");
    return result;
  };

  const health = (): HealthReport => {
    const byPriority = queue.depthByPriority();
    const mem = resources.snapshot();
    return {
      status: closed ? "closed" : !accepting ? "draining" : mem.state === "ok" ? "ok" : "degraded",
      provider: { requested: provider.requested, active: provider.active, fallback: provider.fallbackReason !== null, fallbackReason: provider.fallbackReason },
      sessionHost: { mode: host.mode, replicas: host.parallelism, intraOpThreads: intraOpThreads || "default" },
      models: registry.list().map((m) => ({
        id: m.id,
        task: m.manifest.task,
        dimension: m.kind === "embedding" ? m.dimension : null,
        maxTokens: m.kind === "embedding" ? m.maxTokens : null,
        aliases: m.aliases,
      })),
      failedModels: failures,
      queue: { depth: queue.depth, maxDepth: queue.maxDepth, byPriority, batchesInFlight: batcher.batchesInFlight },
      batching: {
        maxBatchSize: config.batch.maxBatchSize,
        effectiveMaxBatchSize: effectiveMaxBatch(),
        maxQueueDelayMs: config.batch.maxQueueDelayMs,
        tokenBudget,
        lengthBuckets: config.batch.lengthBuckets,
        maxInFlight,
      },
      memory: mem,
      uptimeSeconds: Math.round((Date.now() - startedAt) / 1000),
    };
  };

  if (config.warmup) await warmModels(registry.list(), host, config.batch.maxBatchSize, logger);

  const close = async (): Promise<void> => {
    if (closed) return;
    accepting = false;
    const pending = queue.depth;
    logger.info("draining", { queued: pending, inFlight: batcher.batchesInFlight });
    const grace = new Promise<"timeout">((resolve) => {
      const t = setTimeout(() => resolve("timeout"), config.shutdownGraceMs);
      t.unref();
    });
    const outcome = await Promise.race([batcher.whenIdle().then(() => "idle" as const), grace]);
    if (outcome === "timeout") {
      batcher.pause();
      const left = queue.drainAll();
      for (const e of left) e.item.req.fail(new ShuttingDownError());
      logger.warn("shutdown grace period over; queued work refused", { refused: left.length });
      await batcher.whenIdle();
    }
    closed = true;
    clearInterval(tick);
    resources.stop();
    await host.close();
    logger.info("runner closed");
  };

  return {
    config,
    metrics,
    provider,
    models: registry,
    auth: createAuthenticator(config.apiKeys, deps.verifyToken),
    logger,
    embed,
    embedVectors,
    infer,
    resolveModel,
    health,
    retryAfterSeconds,
    close,
    get accepting() {
      return accepting;
    },
  };
}

/** How many of `inputs` fit in `slots` (at least one). */
function countWithin(inputs: ReadonlyArray<{ slots: number }>, slots: number): number {
  let used = 0;
  let n = 0;
  for (const i of inputs) {
    if (n > 0 && used + i.slots > slots) break;
    used += i.slots;
    n++;
  }
  return Math.max(1, n);
}
