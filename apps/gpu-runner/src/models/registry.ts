import { existsSync, statSync } from "node:fs";
import { readdir } from "node:fs/promises";
import { basename, join } from "node:path";
import type { SessionHost } from "../engine/session-host.js";
import type { ExecutionProviderName, ExecutionProviderPreference, SessionTuning } from "../engine/session-protocol.js";
import type { RunnerLogger } from "../logger.js";
import { createEmbeddingModel, type EmbeddingModel } from "./embedding-model.js";
import { loadTokenizer } from "./load-tokenizer.js";
import { readModelFolder } from "./model-layout.js";
import { createTensorModel, type TensorModel } from "./tensor-model.js";

export type LoadedModel = EmbeddingModel | TensorModel;

export interface ProviderStatus {
  requested: ExecutionProviderPreference;
  active: ExecutionProviderName;
  fallbackReason: string | null;
}

export interface ModelLoadFailure {
  dir: string;
  /** The manifest's id when it was read, else the folder's name. */
  model: string;
  error: string;
}

/** Model folders: the children of `modelsDir` plus the extra folders. */
export async function discoverModelDirs(modelsDir: string, extra: readonly string[]): Promise<string[]> {
  const dirs: string[] = [];
  if (existsSync(modelsDir)) {
    for (const e of await readdir(modelsDir, { withFileTypes: true })) {
      if (e.isDirectory() && !e.name.startsWith(".")) dirs.push(join(modelsDir, e.name));
    }
  }
  for (const d of extra) {
    if (existsSync(d) && statSync(d).isDirectory()) dirs.push(d);
  }
  return dirs.sort();
}

/** The loaded models, by id and alias. */
export class ModelRegistry {
  private readonly byName = new Map<string, LoadedModel>();
  private readonly models: LoadedModel[] = [];

  add(model: LoadedModel): void {
    for (const name of [model.id, ...model.aliases]) {
      if (this.byName.has(name)) throw new Error(`model name ${name} is used twice`);
    }
    this.models.push(model);
    for (const name of [model.id, ...model.aliases]) this.byName.set(name, model);
  }

  get(name: string): LoadedModel | undefined {
    return this.byName.get(name);
  }

  list(): readonly LoadedModel[] {
    return this.models;
  }
}

/**
 * Load every model folder into sessions on `host`. A folder that fails is reported and
 * skipped; a provider failure with preference `cuda` is thrown (the runner must not start).
 */
export async function loadModels(args: {
  dirs: readonly string[];
  host: SessionHost;
  provider: ExecutionProviderPreference;
  tuning: SessionTuning;
  logger: RunnerLogger;
}): Promise<{ registry: ModelRegistry; provider: ProviderStatus; failures: ModelLoadFailure[] }> {
  const registry = new ModelRegistry();
  const failures: ModelLoadFailure[] = [];
  let status: ProviderStatus | null = null;
  for (const dir of args.dirs) {
    let manifestId = basename(dir);
    try {
      const manifest = await readModelFolder(dir);
      manifestId = manifest.id;
      const path = join(dir, manifest.files.model);
      if (!existsSync(path)) throw new Error(`model file ${path} is missing`);
      // Once CUDA failed in auto mode, do not retry it for every model.
      const preference = status && status.active === "cpu" ? "cpu" : args.provider;
      const started = performance.now();
      const session = await args.host.load(manifest.id, path, preference, args.tuning);
      if (!status) status = { requested: args.provider, active: session.provider, fallbackReason: session.fallbackReason };
      let model: LoadedModel;
      if (manifest.task === "embedding") {
        const tokenizer = await loadTokenizer(manifest, dir);
        model = createEmbeddingModel({ manifest, dir, session, tokenizer });
      } else {
        model = createTensorModel({ manifest, dir, session });
      }
      registry.add(model);
      args.logger.info("model loaded", {
        model: manifest.id,
        task: manifest.task,
        provider: session.provider,
        loadMs: Math.round(performance.now() - started),
        inputs: session.inputs.map((i) => `${i.name}:${i.type}[${i.dims.join(",")}]`),
        outputs: session.outputs.map((o) => `${o.name}:${o.type}[${o.dims.join(",")}]`),
      });
    } catch (err) {
      if (err && typeof err === "object" && "code" in err && err.code === "PROVIDER_UNAVAILABLE") throw err;
      const message = err instanceof Error ? err.message : String(err);
      failures.push({ dir, model: manifestId, error: message });
      args.logger.error("model failed to load", { dir, model: manifestId, error: message });
    }
  }
  return { registry, provider: status ?? { requested: args.provider, active: args.provider === "cuda" ? "cuda" : "cpu", fallbackReason: null }, failures };
}
