import { type Platform, listWorkers } from "@switchyard/queue";
import { POOL_NAMES, type HealthReport } from "@switchyard/shared";

type ComponentHealth = HealthReport["redis"];

async function timed(check: () => Promise<unknown>, timeoutMs: number): Promise<ComponentHealth> {
  const started = Date.now();
  try {
    await Promise.race([
      check(),
      new Promise((_, reject) => setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref()),
    ]);
    return { status: "up", latencyMs: Date.now() - started };
  } catch (err) {
    // Driver messages can name files (a SQLite path): health is public, so paths are masked.
    const message = err instanceof Error ? err.message : String(err);
    return { status: "down", detail: message.replace(/(?:[A-Za-z]:)?[\\/][^\s'"]*[\\/][^\s'"]*/g, "<path>").slice(0, 200) };
  }
}

/**
 * GET /health: Redis, the database, the workers and (when configured) Chroma; "down" when any is
 * down (every worker silent counts as down), "degraded" when some pools have no live worker (a
 * worker or the GPU runner that died and is being restarted: their tasks wait meanwhile).
 */
export async function checkHealth(platform: Platform, timeoutMs = 2_000, chroma?: { heartbeat(): Promise<void> } | null): Promise<HealthReport> {
  const [redis, database, chromaHealth] = await Promise.all([
    timed(() => platform.redis.ping(), timeoutMs),
    timed(() => platform.db.ping(), timeoutMs),
    chroma ? timed(() => chroma.heartbeat(), timeoutMs) : Promise.resolve(undefined),
  ]);
  let workers: HealthReport["workers"] = { status: "down", count: 0, detail: "redis is down" };
  if (redis.status === "up") {
    const list = (await listWorkers(platform.redis, platform.prefix).catch(() => [])).filter((w) => w.status === "alive");
    const served = new Set(list.flatMap((w) => w.pools));
    const idlePools = POOL_NAMES.filter((p) => p in platform.pools && !served.has(p));
    workers =
      list.length === 0
        ? { status: "down", count: 0, detail: "no worker has sent a heartbeat in the last 15 s" }
        : idlePools.length > 0
          ? { status: "degraded", count: list.length, idlePools, detail: `no live worker for ${idlePools.join(", ")}` }
          : { status: "up", count: list.length };
  }
  const down = redis.status === "down" || database.status === "down" || workers.status === "down" || chromaHealth?.status === "down";
  const status = down ? "down" : workers.status === "degraded" ? "degraded" : "ok";
  return { status, redis, database, workers, ...(chromaHealth ? { chroma: chromaHealth } : {}) };
}
