import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { InferenceSession } from "onnxruntime-node";
import type { HostTensor } from "../onnx/tensor-types.js";
import { createSession, runSession } from "./ort-session.js";
import type { ExecutionProviderPreference, HostRequest, HostResponse, LoadedSessionInfo, SessionTuning } from "./session-protocol.js";

/**
 * Where ONNX Runtime sessions live. `worker` (default) runs them on a thread of their own so
 * the event loop keeps serving HTTP during compute; `inline` runs them on the calling thread
 * (onnxruntime-node's run() then blocks the event loop for the whole batch).
 */
export interface SessionHost {
  readonly mode: "worker" | "inline";
  /** How many batches it can compute at once (replicas of each CPU model). */
  readonly parallelism: number;
  load(modelId: string, path: string, provider: ExecutionProviderPreference, tuning: SessionTuning): Promise<LoadedSessionInfo>;
  run(modelId: string, feeds: Record<string, HostTensor>, outputs?: string[]): Promise<{ outputs: Record<string, HostTensor>; computeMs: number }>;
  unload(modelId: string): Promise<void>;
  close(): Promise<void>;
}

export class SessionHostError extends Error {
  constructor(
    message: string,
    readonly code: string,
  ) {
    super(message);
  }
}

export class InlineSessionHost implements SessionHost {
  readonly mode = "inline" as const;
  readonly parallelism = 1;
  private readonly sessions = new Map<string, InferenceSession>();

  async load(modelId: string, path: string, provider: ExecutionProviderPreference, tuning: SessionTuning): Promise<LoadedSessionInfo> {
    const { session, info } = await createSession(path, provider, tuning);
    await this.sessions.get(modelId)?.release();
    this.sessions.set(modelId, session);
    return info;
  }

  async run(modelId: string, feeds: Record<string, HostTensor>, outputs?: string[]): Promise<{ outputs: Record<string, HostTensor>; computeMs: number }> {
    const session = this.sessions.get(modelId);
    if (!session) throw new SessionHostError(`model ${modelId} is not loaded`, "MODEL_NOT_FOUND");
    const started = performance.now();
    const out = await runSession(session, feeds, outputs);
    return { outputs: out, computeMs: performance.now() - started };
  }

  async unload(modelId: string): Promise<void> {
    const s = this.sessions.get(modelId);
    this.sessions.delete(modelId);
    await s?.release();
  }

  async close(): Promise<void> {
    for (const s of this.sessions.values()) await s.release();
    this.sessions.clear();
  }
}

type Pending = { resolve: (r: HostResponse) => void; reject: (e: Error) => void };

/** Bootstrap for the worker: load the TypeScript entry through tsx's scoped importer. */
const BOOTSTRAP = `
const { workerData } = require("node:worker_threads");
import(workerData.tsxApi)
  .then((api) => api.tsImport(workerData.entry, workerData.parent))
  .catch((err) => { console.error("session thread failed to start:", err); process.exit(1); });
`;

export class WorkerSessionHost implements SessionHost {
  readonly mode = "worker" as const;
  readonly parallelism = 1;
  /** Runs sent and not answered yet. */
  inFlight = 0;
  private readonly worker: Worker;
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private exited: Error | null = null;

  constructor() {
    const require = createRequire(import.meta.url);
    let tsxApi: string;
    try {
      // The ESM build of tsx's API (its "import" export); require.resolve would pick the CJS one.
      const pkg = require.resolve("tsx/package.json");
      tsxApi = pathToFileURL(join(dirname(pkg), "dist", "esm", "api", "index.mjs")).href;
    } catch {
      throw new SessionHostError("the session thread needs tsx (a root devDependency); run npm install", "SESSION_HOST_FAILED");
    }
    const entry = new URL("./session-thread.ts", import.meta.url).href;
    this.worker = new Worker(BOOTSTRAP, { eval: true, workerData: { tsxApi, entry, parent: import.meta.url } });
    this.worker.on("message", (msg: HostResponse) => {
      const p = this.pending.get(msg.id);
      if (!p) return;
      this.pending.delete(msg.id);
      p.resolve(msg);
    });
    const fail = (err: Error): void => {
      this.exited = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    this.worker.on("error", (err) => fail(new SessionHostError(`session thread crashed: ${err.message}`, "SESSION_HOST_FAILED")));
    this.worker.on("exit", (code) => fail(new SessionHostError(`session thread exited (code ${code})`, "SESSION_HOST_FAILED")));
  }

  private call(msg: HostRequest, transfer: ArrayBuffer[] = []): Promise<HostResponse> {
    if (this.exited) return Promise.reject(this.exited);
    return new Promise<HostResponse>((resolve, reject) => {
      this.pending.set(msg.id, { resolve, reject });
      this.worker.postMessage(msg, transfer);
    }).then((r) => {
      if (r.kind === "error") throw new SessionHostError(r.message, r.code);
      return r;
    });
  }

  async load(modelId: string, path: string, provider: ExecutionProviderPreference, tuning: SessionTuning): Promise<LoadedSessionInfo> {
    const r = await this.call({ kind: "load", id: this.nextId++, modelId, path, provider, tuning });
    if (r.kind !== "loaded") throw new SessionHostError(`unexpected reply ${r.kind}`, "SESSION_HOST_FAILED");
    return r.info;
  }

  async run(modelId: string, feeds: Record<string, HostTensor>, outputs?: string[]): Promise<{ outputs: Record<string, HostTensor>; computeMs: number }> {
    const transfer: ArrayBuffer[] = [];
    for (const t of Object.values(feeds)) {
      const buf = t.data.buffer;
      if (buf instanceof ArrayBuffer && t.data.byteOffset === 0 && t.data.byteLength === buf.byteLength && !transfer.includes(buf)) transfer.push(buf);
    }
    this.inFlight++;
    try {
      const r = await this.call({ kind: "run", id: this.nextId++, modelId, feeds, ...(outputs ? { outputs } : {}) }, transfer);
      if (r.kind !== "result") throw new SessionHostError(`unexpected reply ${r.kind}`, "SESSION_HOST_FAILED");
      return { outputs: r.outputs, computeMs: r.computeMs };
    } finally {
      this.inFlight--;
    }
  }

  async unload(modelId: string): Promise<void> {
    await this.call({ kind: "unload", id: this.nextId++, modelId });
  }

  async close(): Promise<void> {
    if (!this.exited) {
      try {
        await this.call({ kind: "close", id: this.nextId++ });
      } catch {
        // already gone
      }
    }
    await this.worker.terminate();
  }
}

/**
 * Several session threads, each with its own copy of every CPU model and one intra-op
 * thread: on a small CPU, replicas computing different batches side by side beat one session
 * splitting every operator across cores (no per-operator synchronisation, and an HTTP burst on
 * one core slows one replica instead of stalling both halves of every op). A model that loads
 * on CUDA stays on the first thread only (one device; copies would only cost GPU memory).
 */
export class ReplicatedSessionHost implements SessionHost {
  readonly mode = "worker" as const;
  private readonly threads: WorkerSessionHost[];
  private readonly placement = new Map<string, WorkerSessionHost[]>();
  private turn = 0;

  constructor(readonly parallelism: number) {
    this.threads = Array.from({ length: parallelism }, () => new WorkerSessionHost());
  }

  async load(modelId: string, path: string, provider: ExecutionProviderPreference, tuning: SessionTuning): Promise<LoadedSessionInfo> {
    const [first, ...rest] = this.threads;
    if (!first) throw new SessionHostError("no session threads", "SESSION_HOST_FAILED");
    const info = await first.load(modelId, path, provider, tuning);
    if (info.provider !== "cpu") {
      this.placement.set(modelId, [first]);
      return info;
    }
    await Promise.all(rest.map((t) => t.load(modelId, path, "cpu", tuning)));
    this.placement.set(modelId, this.threads);
    return info;
  }

  run(modelId: string, feeds: Record<string, HostTensor>, outputs?: string[]): Promise<{ outputs: Record<string, HostTensor>; computeMs: number }> {
    const candidates = this.placement.get(modelId);
    if (!candidates || candidates.length === 0) return Promise.reject(new SessionHostError(`model ${modelId} is not loaded`, "MODEL_NOT_FOUND"));
    // The least busy replica; ties rotate.
    let best: WorkerSessionHost | undefined;
    for (let i = 0; i < candidates.length; i++) {
      const t = candidates[(this.turn + i) % candidates.length];
      if (t && (!best || t.inFlight < best.inFlight)) best = t;
    }
    this.turn = (this.turn + 1) % candidates.length;
    return (best ?? (candidates[0] as WorkerSessionHost)).run(modelId, feeds, outputs);
  }

  async unload(modelId: string): Promise<void> {
    const placed = this.placement.get(modelId) ?? [];
    this.placement.delete(modelId);
    await Promise.all(placed.map((t) => t.unload(modelId)));
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.close()));
  }
}

export function createSessionHost(mode: "worker" | "inline", replicas = 1): SessionHost {
  if (mode === "inline") return new InlineSessionHost();
  return replicas > 1 ? new ReplicatedSessionHost(replicas) : new WorkerSessionHost();
}
