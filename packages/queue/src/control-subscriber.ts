import type { Redis } from "ioredis";
import type { PoolName } from "@switchyard/shared";
import { controlChannel, parseControl } from "./control-channel.js";
import { errorMessage } from "./error-message.js";
import type { TaskLogger } from "./handler.js";
import { closeRedis, createRedis } from "./redis-connection.js";

export interface ControlHandlers {
  /** Stop the task if this process runs it (task-aborts.ts). */
  cancel(id: string, reason: string): void;
  /** Change a pool's concurrency (live-concurrency.ts); absent when the process's concurrency is fixed. */
  concurrency?: ((pool: PoolName, value: number) => void) | undefined;
}

/**
 * Cancel requests and live concurrency changes arrive on one pub/sub channel, on a connection
 * of its own (a subscribed connection can do nothing else). Resolves once subscribed.
 */
export async function subscribeControl(
  options: { redisUrl: string; prefix: string; workerId: string; log: TaskLogger },
  handlers: ControlHandlers,
): Promise<Redis> {
  const { log } = options;
  const subscriber = createRedis(options.redisUrl, `switchyard:worker:${options.workerId}:control`);
  subscriber.on("error", (err) => log.warn("control channel error", { err: errorMessage(err) }));
  subscriber.on("message", (_channel: string, raw: string) => {
    const msg = parseControl(raw);
    if (!msg) return;
    if (msg.kind === "cancel") handlers.cancel(msg.id, msg.reason);
    else handlers.concurrency?.(msg.pool, msg.value);
  });
  await subscriber.subscribe(controlChannel(options.prefix));
  return subscriber;
}

/** Leaves the channel and closes the subscriber's connection. */
export function closeControl(subscriber: Redis): Promise<void> {
  return subscriber.unsubscribe().then(() => closeRedis(subscriber));
}
