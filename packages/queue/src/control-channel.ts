import { z } from "zod";
import type { Redis } from "ioredis";
import { poolNameSchema } from "@switchyard/shared";
import { globalKey } from "./keys.js";

/** Messages from the API to every worker process (Redis pub/sub; workers also read state on start). */
export const controlMessageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("cancel"), id: z.string(), reason: z.string().max(500) }),
  z.object({ kind: z.literal("concurrency"), pool: poolNameSchema, value: z.number().int().min(1).max(1000) }),
]);
export type ControlMessage = z.infer<typeof controlMessageSchema>;

export function controlChannel(prefix: string): string {
  return globalKey(prefix, "control");
}

/** Live concurrency overrides per pool (hash pool → n), so workers started later apply them too. */
export function concurrencyKey(prefix: string): string {
  return globalKey(prefix, "pool-concurrency");
}

export async function publishControl(redis: Redis, prefix: string, message: ControlMessage): Promise<number> {
  return redis.publish(controlChannel(prefix), JSON.stringify(controlMessageSchema.parse(message)));
}

export function parseControl(raw: string): ControlMessage | null {
  try {
    const parsed = controlMessageSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
