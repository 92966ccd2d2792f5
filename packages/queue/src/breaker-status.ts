import type { Platform } from "./platform.js";
import { listWorkers } from "./worker-registry.js";

export interface WorkerBreakers {
  workerId: string;
  host: string;
  pid: number;
  lastSeen: number;
  breakers: unknown[];
}

/** GET /circuit-breakers: every live worker process's breakers, as its last heartbeat reported them. */
export async function listCircuitBreakers(platform: Platform): Promise<{ workers: WorkerBreakers[] }> {
  const workers = await listWorkers(platform.redis, platform.prefix);
  return {
    workers: workers
      .filter((w) => w.status === "alive")
      .map((w) => ({ workerId: w.id, host: w.host, pid: w.pid, lastSeen: w.lastSeen, breakers: w.breakers })),
  };
}
