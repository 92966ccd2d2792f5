import { createHash } from "node:crypto";
import type { Queue } from "bullmq";
import type { Cluster, Redis } from "ioredis";
import { activeTraceCarrier, annotateActiveSpan, type TraceCarrier } from "@switchyard/observability";

/** A prioritized job to add: what task-service's jobFor builds. */
export interface NewJob {
  name: string;
  data: unknown;
  opts: { jobId: string; priority: number; attempts?: number };
}

export interface EnqueueResult {
  /** The jobs' timestamp (one per call, like a BullMQ addBulk within one millisecond). */
  timestamp: number;
  /** Per job, in order: false when a job with that id already existed (left as it was). */
  added: boolean[];
}

/**
 * Adds many prioritized jobs in one atomic script call, writing exactly what BullMQ 5.81's
 * addPrioritizedJob script writes per job (the job hash with name, data, opts, timestamp,
 * delay and priority; the "added" and "waiting" events; the prioritized set scored with the
 * priority counter, so FIFO within a priority holds; the id counter; the marker that wakes
 * blocked workers). BullMQ workers and queue APIs therefore see ordinary jobs.
 *
 * Why not Queue.addBulk: it builds a Job object, a msgpack buffer and one EVALSHA per job.
 * In the queue benchmark that was a third of the web process's CPU and a fifth of Redis's;
 * one call per chunk costs about a sixth of that in node and half in Redis.
 * The BullMQ version is pinned (packages/queue/package.json); enqueue-jobs.test.ts checks
 * the result against Queue.add field by field, so an upgrade that changes the layout fails there.
 *
 * One difference, on purpose: the meta hash's `opts.maxLenEvents` is set to the queue's own option
 * on every call, not only when absent (events-max-len.ts says why).
 *
 * What it does not do (the platform never asks for it): delays, parents, deduplication,
 * priority 0 (BullMQ's plain wait list), repeatable jobs.
 */
const ENQUEUE_LUA = `
local rcall = redis.call
local markerKey, metaKey, idKey, prioritizedKey, activeKey, eventsKey, pcKey =
  KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], KEYS[6], KEYS[7]
local jobKeyPrefix, timestamp, maxEvents = ARGV[1], ARGV[2], ARGV[3]
if rcall("HGET", metaKey, "opts.maxLenEvents") ~= maxEvents then
  rcall("HSET", metaKey, "opts.maxLenEvents", maxEvents)
end
local meta = rcall("HMGET", metaKey, "paused", "concurrency")
local pausedOrMaxed = meta[1] ~= false or (meta[2] ~= false and rcall("LLEN", activeKey) >= tonumber(meta[2]))
local added, newJobs = {}, 0
for i = 4, #ARGV, 5 do
  local jobId, name = ARGV[i], ARGV[i + 1]
  local jobKey = jobKeyPrefix .. jobId
  rcall("INCR", idKey)
  if rcall("EXISTS", jobKey) == 1 then
    rcall("XADD", eventsKey, "MAXLEN", "~", maxEvents, "*", "event", "duplicated", "jobId", jobId)
    added[#added + 1] = 0
  else
    local priority = tonumber(ARGV[i + 4])
    rcall("HMSET", jobKey, "name", name, "data", ARGV[i + 2], "opts", ARGV[i + 3],
      "timestamp", timestamp, "delay", 0, "priority", priority)
    rcall("XADD", eventsKey, "*", "event", "added", "jobId", jobId, "name", name)
    rcall("ZADD", prioritizedKey, priority * 0x100000000 + rcall("INCR", pcKey) % 0x100000000, jobId)
    rcall("XADD", eventsKey, "MAXLEN", "~", maxEvents, "*", "event", "waiting", "jobId", jobId)
    added[#added + 1] = 1
    newJobs = newJobs + 1
  end
end
if not pausedOrMaxed and newJobs > 0 then
  rcall("ZADD", markerKey, 0, "0")
end
return added
`;
const ENQUEUE_SHA = createHash("sha1").update(ENQUEUE_LUA).digest("hex");

/** Jobs per script call: bounds how long one call holds Redis (about 15 ms per 1,000 here). */
const CHUNK = 1_000;

/**
 * How many jobs of one call carry the caller's trace (the first ones). A sampled bulk submission
 * of 1,000 tasks used to become one trace of 1,000 task spans (and every span further down): more
 * than a trace view can show, and spans held by the exporters of every worker they ran on. With the
 * queue benchmark's bulk requests at 10 % sampling that cost 12 % of its throughput. A trace of a
 * bulk call now follows the first TRACED_JOBS_PER_CALL tasks through the workers; its operation span
 * says how many tasks the call enqueued. A single submission is always followed.
 */
export const TRACED_JOBS_PER_CALL = 10;

/** The opts JSON BullMQ's add stores for these options (its Job sets attempts to 0 when absent). */
function optsJson(opts: NewJob["opts"]): string {
  return `{"jobId":${JSON.stringify(opts.jobId)},"priority":${opts.priority},"attempts":${opts.attempts ?? 0}}`;
}

async function runScript(client: Redis | Cluster, args: Array<string | number>): Promise<unknown> {
  try {
    return await client.evalsha(ENQUEUE_SHA, 7, ...args);
  } catch (err) {
    // A restarted or flushed Redis has forgotten the script: send it whole once (EVAL caches it).
    if (err instanceof Error && err.message.startsWith("NOSCRIPT")) return client.eval(ENQUEUE_LUA, 7, ...args);
    throw err;
  }
}

/**
 * Adds the jobs to `queue` (chunked, each chunk atomic); see ENQUEUE_LUA. `redis` is the
 * connection the queue was given, so the queue's own set-up commands go out first.
 */
export async function enqueueJobs(redis: Redis | Cluster, queue: Queue, jobs: readonly NewJob[]): Promise<EnqueueResult> {
  // Checked before anything is sent, so a bad job adds none.
  for (const job of jobs) {
    if (!(Number.isInteger(job.opts.priority) && job.opts.priority >= 1)) {
      throw new RangeError(`job ${job.opts.jobId}: priority must be an integer of at least 1`);
    }
  }
  await queue.waitUntilReady();
  const keys = ["marker", "meta", "id", "prioritized", "active", "events", "pc"].map((name) => queue.toKey(name));
  const jobKeyPrefix = queue.toKey("");
  // The queue's own event-stream cap, put back on every call (events-max-len.ts): BullMQ's add sets
  // it only when absent, so a Queue opened elsewhere with default options (Bull Board) would keep it at 10,000.
  const maxEvents = queue.opts.streams?.events?.maxLen ?? 10_000;
  const timestamp = Date.now();
  // Enqueued inside a sampled span (an API operation, a task submitting tasks): every job
  // carries its context, so each task's span joins that trace. Null when tracing is off.
  const trace = activeTraceCarrier();
  if (trace && jobs.length > 1) {
    annotateActiveSpan({ "switchyard.tasks.enqueued": jobs.length, "switchyard.tasks.traced": Math.min(jobs.length, TRACED_JOBS_PER_CALL) });
  }
  const added: boolean[] = [];
  for (let start = 0; start < jobs.length; start += CHUNK) {
    const args: Array<string | number> = [...keys, jobKeyPrefix, timestamp, maxEvents];
    const end = Math.min(start + CHUNK, jobs.length);
    for (let i = start; i < end; i++) {
      const job = jobs[i] as NewJob;
      const data = trace && i < TRACED_JOBS_PER_CALL ? withTrace(job.data, trace) : job.data;
      args.push(job.opts.jobId, job.name, JSON.stringify(data ?? {}), optsJson(job.opts), job.opts.priority);
    }
    const reply = await runScript(redis, args);
    if (!Array.isArray(reply) || reply.length !== end - start) throw new Error("enqueue script returned an unexpected reply");
    for (const r of reply) added.push(r === 1);
  }
  return { timestamp, added };
}

/** The job's data with the trace context added (a copy: the caller's object is left as it was). */
function withTrace(data: unknown, trace: TraceCarrier): unknown {
  return typeof data === "object" && data !== null && !Array.isArray(data) ? { ...data, trace } : data;
}
