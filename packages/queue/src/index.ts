/**
 * @switchyard/queue: the BullMQ runtime. Producing jobs, running them in workers, recording
 * their history, streaming their events, breakers around dependencies and diagnostic fault
 * flags. The API's operations live in @switchyard/core.
 */

// Connection and the per-process platform handle (Redis, one queue per pool, history writer).
export { createRedis, closeRedis, redisOptionsFromUrl } from "./redis-connection.js";
export { failFastOnceReady, isRedisConnectionError, redisUnavailable, REDIS_RETRY_AFTER_S } from "./redis-availability.js";
export { Platform, type PlatformOptions } from "./platform.js";
export { loadPoolsConfig } from "./load-pools.js";
export { queueName, poolKey, eventsKey, globalKey } from "./keys.js";

// Producing jobs.
export { newTaskId } from "./ids.js";
export { enqueueJobs, type NewJob, type EnqueueResult } from "./enqueue-jobs.js";
export { jobTask, type JobData, type JobTask, type PreparedTask } from "./job-data.js";

// Running them.
export { startWorkerRuntime, type WorkerRuntime, type WorkerRuntimeOptions } from "./worker-runtime.js";
export type { TaskContext, TaskHandler, HandlerRegistry, TaskLogger, DependencyGuard, DependencyName } from "./handler.js";
export { DEPENDENCY_NAMES } from "./handler.js";
export { NonRetryableError, TaskCancelledError, TaskDeferredError, TaskTimeoutError, WorkerShutdownError } from "./task-errors.js";
export { agePool, type AgingResult } from "./aging.js";
export { publishControl, concurrencyKey, controlChannel, type ControlMessage } from "./control-channel.js";
export { listWorkers, writeHeartbeat, removeWorker } from "./worker-registry.js";
export { readThroughput, readOutcomeTotals, OUTCOMES, type Outcome } from "./throughput.js";
export { DEFAULT_RETENTION, type Retention } from "./retention.js";
export { reassertEventsMaxLen, startEventsMaxLenGuard, MAX_LEN_FIELD, type EventsMaxLenGuard } from "./events-max-len.js";
export { foreignJobReason } from "./foreign-jobs.js";

// History of tasks (rows, versions) and their views.
export { rowFromJob } from "./history-rows.js";
export { versionQueued, versionCancelled, runOfVersion } from "./history-version.js";
export { CANCELLED_REASON_PREFIX, viewFromJob, viewFromRow } from "./task-view.js";

// Live events (BullMQ's per-pool streams).
export { EventTail, readEventsSince, latestSeq } from "./task-events.js";
export { compareSeq, findGap, readStreamBounds, type StreamBounds } from "./event-tail-gap.js";

// Circuit breakers around dependencies.
export { createBreakerRegistry, type BreakerRegistry } from "./breakers/breaker-registry.js";
export { parseBreakerConfig, DEFAULT_BREAKER_CONFIG, type BreakerConfig, type BreakerConfigInput } from "./breakers/breaker-config.js";
export { DependencyUnavailableError } from "./breakers/dependency-unavailable-error.js";

// Diagnostic fault flags (drills break a cause on purpose).
export { setFault, clearFault, isFaultActive } from "./fault-flags.js";
