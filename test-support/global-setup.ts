import type { TestProject } from "vitest/node";
import { startTestRedis, type TestRedis } from "./redis.js";

let redis: TestRedis | null = null;

/** One real redis-server for the whole run; each test uses its own key prefix. */
export async function setup(project: TestProject): Promise<void> {
  const external = process.env["TEST_REDIS_URL"];
  if (external) {
    project.provide("redisUrl", external);
    return;
  }
  redis = await startTestRedis();
  project.provide("redisUrl", redis.url);
}

export async function teardown(): Promise<void> {
  await redis?.stop();
}
