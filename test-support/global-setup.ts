import type { TestProject } from "vitest/node";
import { startTestRedis, type TestRedis } from "./redis.js";

let redis: TestRedis | null = null;

/**
 * One real redis-server for the whole run (or TEST_REDIS_URL's), handed to tests as
 * inject("redisUrl"); each test keeps to its own key prefix and removes it afterwards.
 */
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
  redis = null;
}
