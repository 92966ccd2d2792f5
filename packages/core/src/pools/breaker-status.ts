import { type Platform, listWorkers } from "@switchyard/queue";
import { breakerSnapshotSchema, type CircuitBreakers } from "@switchyard/shared";


/** GET /circuit-breakers: every live worker process's breakers, as its last heartbeat reported them. */
export async function listCircuitBreakers(platform: Platform): Promise<CircuitBreakers> {
  const workers = await listWorkers(platform.redis, platform.prefix);
  return {
    workers: workers
      .filter((w) => w.status === "alive")
      .map((w) => ({
        workerId: w.id,
        host: w.host,
        pid: w.pid,
        lastSeen: w.lastSeen,
        // A newer worker may report breakers this reader doesn't know the shape of: left out.
        breakers: w.breakers.flatMap((b) => {
          const parsed = breakerSnapshotSchema.safeParse(b);
          return parsed.success ? [parsed.data] : [];
        }),
      })),
  };
}
