import { execFile } from "node:child_process";

/**
 * Resource manager: watches process RSS (and GPU memory on CUDA, when nvidia-smi can be
 * read) against a soft and a critical limit.
 * - above soft: the batcher's max batch size is halved (smaller transient buffers);
 * - above critical: new work is refused until usage falls back below the limit.
 * ONNX Runtime's Node API does not report device memory; on CUDA the manager asks
 * `nvidia-smi` and reports GPU memory as unavailable when that fails.
 */
export type PressureState = "ok" | "soft" | "critical";

export interface GpuMemoryReading {
  usedMb: number;
  totalMb: number;
}

export interface ResourceSnapshot {
  state: PressureState;
  rssMb: number;
  softLimitMb: number;
  criticalLimitMb: number;
  gpu: { available: true; usedMb: number; totalMb: number } | { available: false; reason: string };
  checkedAt: string;
}

export interface ResourceManagerOptions {
  softLimitMb: number;
  criticalLimitMb: number;
  gpuSoftLimitMb: number;
  gpuCriticalLimitMb: number;
  checkIntervalMs: number;
  /** Process RSS in bytes (injectable for tests). */
  readRss?: () => number;
  /** GPU memory (null when not on a GPU or unreadable, with the reason). */
  readGpu?: () => Promise<GpuMemoryReading | { unavailable: string }>;
  onChange?: (from: PressureState, to: PressureState, snapshot: ResourceSnapshot) => void;
}

const MB = 1024 * 1024;

/** GPU memory via nvidia-smi (used on CUDA only). */
export function nvidiaSmiReader(deviceId: number, timeoutMs = 2000): () => Promise<GpuMemoryReading | { unavailable: string }> {
  return () =>
    new Promise((resolve) => {
      execFile(
        "nvidia-smi",
        ["--query-gpu=memory.used,memory.total", "--format=csv,noheader,nounits", "-i", String(deviceId)],
        { timeout: timeoutMs },
        (err, stdout) => {
          if (err) return resolve({ unavailable: `nvidia-smi failed: ${err.message.split("\n")[0] ?? ""}` });
          const [used, total] = stdout.trim().split(",").map((s) => Number(s.trim()));
          if (used === undefined || total === undefined || !Number.isFinite(used) || !Number.isFinite(total)) {
            return resolve({ unavailable: `unexpected nvidia-smi output: ${stdout.trim().slice(0, 100)}` });
          }
          resolve({ usedMb: used, totalMb: total });
        },
      );
    });
}

export class ResourceManager {
  private state: PressureState = "ok";
  private rssMb = 0;
  private gpu: ResourceSnapshot["gpu"] = { available: false, reason: "not on a GPU (CPU execution provider)" };
  private timer: NodeJS.Timeout | null = null;
  private checkedAt = new Date();
  private gpuReading = false;

  constructor(private readonly options: ResourceManagerOptions) {
    this.sample();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.sample(), this.options.checkIntervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /** Take a reading now (RSS synchronously; GPU in the background). */
  sample(): PressureState {
    const rss = (this.options.readRss ?? (() => process.memoryUsage.rss()))();
    this.rssMb = rss / MB;
    this.checkedAt = new Date();
    if (this.options.readGpu && !this.gpuReading) {
      this.gpuReading = true;
      this.options
        .readGpu()
        .then((r) => {
          this.gpu = "unavailable" in r ? { available: false, reason: r.unavailable } : { available: true, usedMb: r.usedMb, totalMb: r.totalMb };
          this.evaluate();
        })
        .catch((err: unknown) => {
          this.gpu = { available: false, reason: String(err) };
        })
        .finally(() => {
          this.gpuReading = false;
        });
    }
    return this.evaluate();
  }

  private evaluate(): PressureState {
    const o = this.options;
    const gpuUsed = this.gpu.available ? this.gpu.usedMb : null;
    let next: PressureState = "ok";
    if (this.rssMb >= o.criticalLimitMb || (gpuUsed !== null && o.gpuCriticalLimitMb > 0 && gpuUsed >= o.gpuCriticalLimitMb)) next = "critical";
    else if (this.rssMb >= o.softLimitMb || (gpuUsed !== null && o.gpuSoftLimitMb > 0 && gpuUsed >= o.gpuSoftLimitMb)) next = "soft";
    if (next !== this.state) {
      const from = this.state;
      this.state = next;
      o.onChange?.(from, next, this.snapshot());
    }
    return next;
  }

  get pressure(): PressureState {
    return this.state;
  }

  canAccept(): boolean {
    return this.state !== "critical";
  }

  /** Multiply the configured max batch size by this. */
  batchSizeFactor(): number {
    return this.state === "ok" ? 1 : 0.5;
  }

  /** Make GPU memory part of the checks (called once the provider is known to be CUDA). */
  setGpuReader(reader: ResourceManagerOptions["readGpu"], reasonWhenNone: string): void {
    this.options.readGpu = reader;
    if (!reader) this.gpu = { available: false, reason: reasonWhenNone };
    this.sample();
  }

  snapshot(): ResourceSnapshot {
    return {
      state: this.state,
      rssMb: Math.round(this.rssMb * 10) / 10,
      softLimitMb: this.options.softLimitMb,
      criticalLimitMb: this.options.criticalLimitMb,
      gpu: this.gpu,
      checkedAt: this.checkedAt.toISOString(),
    };
  }
}
