import type { PoolName } from "@switchyard/shared";

/**
 * Key layout. BullMQ builds `${prefix}:${queue}:...`; each pool's queue name is
 * hash-tagged (`{rag}`) so all keys of one queue share a Redis Cluster slot while
 * pools spread across slots. Our own per-pool keys reuse the same tag.
 */
export function queueName(pool: PoolName): string {
  return `{${pool}}`;
}

export function poolKey(prefix: string, pool: PoolName, suffix: string): string {
  return `${prefix}:${queueName(pool)}:${suffix}`;
}

export function eventsKey(prefix: string, pool: PoolName): string {
  return poolKey(prefix, pool, "events");
}

export function globalKey(prefix: string, suffix: string): string {
  return `${prefix}:{switchyard}:${suffix}`;
}
