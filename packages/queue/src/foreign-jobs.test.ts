import { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import type { TaskView } from "@switchyard/shared";
import { eventually, startTestPlatform, type TestPlatform } from "../../../test-support/platform-harness.js";
import { queueName } from "./keys.js";
import { closeRedis, createRedis } from "./redis-connection.js";

let p: TestPlatform;
let other: Queue;
let connection: ReturnType<typeof createRedis>;

beforeAll(async () => {
  p = await startTestPlatform({ redisUrl: inject("redisUrl") });
  await p.startWorker({ poolNames: ["batch"] });
  // Another BullMQ producer on the batch pool's queue (a script, Bull Board's "add job").
  connection = createRedis(p.redisUrl, "test:other-producer");
  other = new Queue(queueName("batch"), { connection, prefix: p.prefix });
});
afterAll(async () => {
  await other?.close();
  if (connection) await closeRedis(connection);
  await p?.close();
});

async function deadLetter(id: string): Promise<TaskView | undefined> {
  const page = (await (await p.api("/api/v1/dead-letters?pool=batch&limit=100")).json()) as { items: TaskView[] };
  return page.items.find((t) => t.id === id);
}

describe("jobs other BullMQ producers add to a pool's queue", () => {
  it("an unknown job name becomes dead with a clear error and is listed in the dead letters", async () => {
    const job = await other.add("send-email", { to: "someone@example.com" });
    const dead = await eventually(() => deadLetter(job.id!), 20_000, "the dead letter");
    expect(dead).toMatchObject({ type: "send-email", pool: "batch", status: "dead" });
    expect(dead.error).toMatch(/^unknown task type send-email\b/);
    // BullMQ agrees: failed for good, with the same reason, no retries.
    expect(await other.getJobState(job.id!)).toBe("failed");
    const failed = await other.getJob(job.id!);
    expect(failed?.failedReason).toBe(dead.error);
    expect(failed?.attemptsMade).toBe(1);
    // Filterable like any dead letter.
    const byError = (await (await p.api(`/api/v1/dead-letters?error=${encodeURIComponent("unknown task type")}`)).json()) as { items: TaskView[] };
    expect(byError.items.map((t) => t.id)).toContain(job.id);
  });

  it("a catalog name with data the API never writes is dead as malformed, also listed", async () => {
    const job = await other.add("diagnostic.noop", "not an object");
    const dead = await eventually(() => deadLetter(job.id!), 20_000, "the dead letter");
    expect(dead).toMatchObject({ type: "diagnostic.noop", status: "dead" });
    expect(dead.error).toBe(`malformed job data for task ${job.id}`);
  });

  it("the platform's own tasks on the same queue are unaffected", async () => {
    const res = await p.api("/api/v1/tasks", { method: "POST", body: JSON.stringify({ type: "diagnostic.noop" }) });
    const { id } = (await res.json()) as { id: string };
    await eventually(async () => ((await (await p.api(`/api/v1/tasks/${id}`)).json()) as TaskView).status === "completed", 20_000, "completion");
  });
});
