import { type Platform, listWorkers } from "@switchyard/queue";
import type { HealthReport } from "@switchyard/shared";

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

/** GET /health: Redis, the database and the workers; "down" when any is down. */
export async function checkHealth(platform: Platform, timeoutMs = 2_000): Promise<HealthReport> {
  const [redis, database] = await Promise.all([
    timed(() => platform.redis.ping(), timeoutMs),
    timed(() => platform.db.ping(), timeoutMs),
  ]);
  let workers: HealthReport["workers"] = { status: "down", count: 0, detail: "redis is down" };
  if (redis.status === "up") {
    const list = (await listWorkers(platform.redis, platform.prefix).catch(() => [])).filter((w) => w.status === "alive");
    workers =
      list.length > 0
        ? { status: "up", count: list.length }
        : { status: "down", count: 0, detail: "no worker has sent a heartbeat in the last 15 s" };
  }
  const ok = redis.status === "up" && database.status === "up" && workers.status === "up";
  return { status: ok ? "ok" : "down", redis, database, workers };
}
