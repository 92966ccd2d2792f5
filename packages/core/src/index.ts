/**
 * @switchyard/core: the platform's operations, one file each in operations/, listed once in
 * the registry, over the domain functions in tasks/, pools/, load-tests/ and health.ts.
 */
export { operations, type Operations, type OperationName } from "./registry.js";
export { roleAllows, roleTableMarkdown } from "./role-table.js";
export {
  defineOperation,
  callerOf,
  isAudited,
  needService,
  type AnyOperation,
  type Caller,
  type RequestInfo,
  type SessionChannel,
  type HttpMethod,
  type Operation,
  type OperationContext,
  type RestBinding,
} from "./operation.js";

// Domain functions, for in-process callers (the GPU runner's tests, benchmarks).
export { submitTask, submitBulk, getTask, listTasks, type SubmitOptions } from "./tasks/task-service.js";
export { prepareTask } from "./tasks/prepare-task.js";
export { cancelTask, retryTask } from "./tasks/task-control.js";
export { bulkTaskAction } from "./tasks/bulk-actions.js";
export { deferWhenFull } from "./tasks/defer-when-full.js";
export { listDeadLetters, redriveDeadLetters } from "./tasks/dead-letters.js";
export { listPoolStats } from "./pools/pool-service.js";
export { patchPool, resetPool } from "./pools/pool-ops.js";
export { listCircuitBreakers } from "./pools/breaker-status.js";
export { readQueueState } from "./pools/queue-state.js";
export { checkHealth } from "./health.js";
export { installSchedules, listSchedules, updateSchedule, runSchedule } from "./schedules/schedule-service.js";
export { DEFAULT_SCHEDULES, type ScheduleDefinition } from "./schedules/default-schedules.js";
export { readGpuRunnerStatus, summarizeRunnerMetrics, type GpuRunnerStatus, type GpuRunnerTarget } from "./gpu/gpu-runner-status.js";
export { createLoadTestRegistry, type LoadTestRegistry, type LoadTestRegistryOptions } from "./load-tests/load-test-registry.js";
export { runLoadTest } from "./load-tests/run-load-test.js";
export { createTaskWaiter, type TaskWaiter, type WaitOutcome } from "./tasks/task-waiter.js";
export { ragOf, type RagApi } from "./rag/rag-api.js";
export { addDocuments, listCollections, getCollection, deleteCollection, getDocument, deleteDocument } from "./rag/collection-service.js";
export { queryRag } from "./rag/query-rag.js";
export { submitBatch, getBatch, listBatches, cancelBatch } from "./batches/batch-service.js";
export { submitBatchChildren, batchChildIds, createBatchChildren, type ChildOutcome } from "./batches/batch-children.js";

// People, sessions, second factors and tokens (the API layer identifies callers with these).
export { Identity, userView, hasSecondFactor, type ActiveSession, type IdentityDeps, type RequestMeta } from "./identity/identity.js";
export { relyingPartyFor, localOrigin, type RelyingParty } from "./identity/relying-party.js";
export { DEFAULT_IDENTITY_CONFIG, type IdentityConfig } from "./identity/identity-config.js";
export { SENSITIVE_SCOPE, TOKEN_SCOPES } from "./identity/principal.js";
export { taskOwner, taskReadScope, ownTasksOnly, submitterOf } from "./identity/task-owner.js";
export { TokenAdmin, tokenView } from "./identity/tokens.js";
export { RevocationBus, type Revocation } from "./identity/revocation-bus.js";
export { SecretBox } from "./identity/secret-box.js";
export { SESSION_COOKIE, CSRF_HEADER } from "./identity/session-secrets.js";
