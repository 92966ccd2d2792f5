import { describe, expect, it } from "vitest";
import { ResourceManager } from "./resource-manager.js";

const MB = 1024 * 1024;

describe("ResourceManager", () => {
  it("moves between ok, soft and critical with process RSS", () => {
    let rss = 100 * MB;
    const changes: string[] = [];
    const rm = new ResourceManager({
      softLimitMb: 200,
      criticalLimitMb: 300,
      gpuSoftLimitMb: 0,
      gpuCriticalLimitMb: 0,
      checkIntervalMs: 1000,
      readRss: () => rss,
      onChange: (from, to) => changes.push(`${from}->${to}`),
    });
    expect(rm.pressure).toBe("ok");
    expect(rm.batchSizeFactor()).toBe(1);
    rss = 250 * MB;
    rm.sample();
    expect(rm.pressure).toBe("soft");
    expect(rm.batchSizeFactor()).toBe(0.5);
    expect(rm.canAccept()).toBe(true);
    rss = 310 * MB;
    rm.sample();
    expect(rm.canAccept()).toBe(false);
    rss = 150 * MB;
    rm.sample();
    expect(rm.canAccept()).toBe(true);
    expect(changes).toEqual(["ok->soft", "soft->critical", "critical->ok"]);
    expect(rm.snapshot()).toMatchObject({ state: "ok", rssMb: 150, gpu: { available: false } });
  });

  it("includes GPU memory when a reader is given, and reports why it is unavailable otherwise", async () => {
    const rm = new ResourceManager({
      softLimitMb: 1e6,
      criticalLimitMb: 1e6,
      gpuSoftLimitMb: 1000,
      gpuCriticalLimitMb: 2000,
      checkIntervalMs: 1000,
      readRss: () => 10 * MB,
    });
    rm.setGpuReader(async () => ({ usedMb: 2500, totalMb: 8000 }), "");
    await new Promise((r) => setImmediate(r));
    expect(rm.pressure).toBe("critical");
    expect(rm.snapshot().gpu).toEqual({ available: true, usedMb: 2500, totalMb: 8000 });
    rm.setGpuReader(async () => ({ unavailable: "nvidia-smi failed: not found" }), "");
    await new Promise((r) => setImmediate(r));
    expect(rm.snapshot().gpu).toEqual({ available: false, reason: "nvidia-smi failed: not found" });
    expect(rm.pressure).toBe("ok");
  });
});
