/** @switchyard/shared: the contracts (schemas, types, errors), no I/O. Browser code imports single modules (`@switchyard/shared/pools`). */
export { MAX_BODY_BYTES, MAX_BULK_TASKS, IDEMPOTENCY_TTL_SECONDS, idempotencyKeySchema, submitTaskSchema, bulkSubmitSchema, listTasksQuerySchema, taskIdSchema, submitResponseSchema, deadLetterQuerySchema, MAX_REDRIVE, redriveSchema, redriveResultSchema, poolPatchSchema, type SubmitTaskInput, type ListTasksQuery, type SubmitResponse, type DeadLetterQuery, type RedriveInput, type RedriveResult, type PoolPatch } from "./api.js";
export { MAX_SEARCH_TEXT, taskFilterSchema, MAX_BULK_ACTION_IDS, MAX_BULK_ACTION_MATCHES, BULK_TASK_ACTIONS, bulkTaskActionSchema, bulkTaskActionResultSchema, type TaskFilter, type BulkTaskAction, type BulkTaskActionInput, type BulkTaskActionResult } from "./api.js";
export { ERROR_CODES, AppError, ValidationError, UnauthorizedError, ForbiddenError, MfaRequiredError, CsrfError, NotFoundError, MethodNotAllowedError, ConflictError, PayloadTooLargeError, RateLimitedError, UnavailableError, ServiceUnavailableError, fromZodIssues, type ErrorCode, type FieldIssue } from "./errors.js";
export { TASK_EVENT_KINDS, taskEventKindSchema, seqSchema, taskEventSchema, gapEventSchema, subscribeSchema, unsubscribeSchema, subscribeAckSchema, subscribeRetryDelayMs, SOCKET_EVENTS, type TaskEvent, type GapEvent, type Subscribe, type Unsubscribe, type SubscribeAck, type ServerToClientEvents, type ClientToServerEvents } from "./events.js";
export { waitingByPrioritySchema, poolStatsSchema, type PoolStats } from "./pool-stats.js";
export { POOL_NAMES, poolNameSchema, poolConfigSchema, poolManifestSchema, DEFAULT_POOLS, retryDelayMs, resolvePools, parsePoolManifest, type PoolName, type PoolConfig, type PoolManifest, type PoolsConfig } from "./pools.js";
export { PRIORITIES, prioritySchema, priorityRank, priorityFromRank, type Priority } from "./priorities.js";
export { progressSchema, type Progress } from "./progress.js";
export { TASK_CATALOG, TASK_TYPES, taskTypeSchema, isTaskType, taskDefinition, defaultPriorityOf, type TaskDefinition, type TaskCatalog, type TaskType, type TaskPayload, type TaskResult } from "./task-catalog.js";
export { TASK_STATUSES, taskStatusSchema, TERMINAL_STATUSES, isTerminalStatus, type TaskStatus } from "./task-status.js";
export { attemptRecordSchema, taskViewSchema, type AttemptRecord, type TaskView } from "./task-view.js";
export { BREAKER_STATES, breakerSnapshotSchema, type BreakerState, type BreakerSnapshot } from "./breaker-snapshot.js";
export {
  ROLES,
  TOKEN_ROLES,
  isTokenRole,
  PERMISSIONS,
  ROLE_PERMISSIONS,
  roleHasPermission,
  assignableRoles,
  type Role,
  type TokenRole,
  type Permission,
} from "./permissions.js";
export { LOAD_TEST_MAX_COUNT, LOAD_TEST_MAX_RATE, LOAD_TEST_MAX_TIMEOUT_MS, loadTestSpecSchema, resolvedLoadTestSpecSchema, LOAD_TEST_STATUSES, latencySummarySchema, loadTestReportSchema, type LoadTestSpecInput, type LoadTestSpec, type LoadTestStatus, type LatencySummary, type LoadTestReport } from "./load-test.js";
export { workerInfoSchema, workerViewSchema, type WorkerInfo, type WorkerStatus, type WorkerView } from "./worker-info.js";
export { submitOutcomeSchema, bulkSubmitOutcomeSchema, taskPageSchema, cancelOutcomeSchema, poolListSchema, poolPatchResultSchema, poolResetResultSchema, workerListSchema, circuitBreakersSchema, healthReportSchema, faultNameSchema, faultStateSchema, type SubmitOutcome, type BulkSubmitOutcome, type TaskPage, type CancelOutcome, type PoolPatchResult, type PoolResetResult, type CircuitBreakers, type HealthReport } from "./api-responses.js";
export { collectionNameSchema, documentIdSchema, documentRefSchema, RESERVED_CHUNK_METADATA, documentInputSchema, ingestPayloadSchema, ingestResultSchema, ragFilterSchema, ragQueryPayloadSchema, citationSchema, ragAnswerSchema, addDocumentsBodySchema, addDocumentsInputSchema, documentsOf, addDocumentsResultSchema, collectionSummarySchema, collectionListSchema, collectionDetailSchema, documentChunksSchema, deleteCollectionResultSchema, deleteDocumentResultSchema, type DocumentInput, type IngestPayload, type RagFilter, type RagQueryPayload, type Citation, type RagAnswer, type AddDocumentsBody, type CollectionDetail, type DocumentChunks } from "./collections.js";
export {
  roleSchema,
  passwordSchema,
  emailSchema,
  secondFactorCodeSchema,
  userViewSchema,
  sessionViewSchema,
  signInInputSchema,
  passkeySignInOptionsInputSchema,
  firstAdminInputSchema,
  createUserInputSchema,
  updateUserInputSchema,
  TOKEN_SCOPE_VALUES,
  createTokenInputSchema,
  tokenViewSchema,
  createdTokenSchema,
  totpEnrollmentSchema,
  securitySettingsSchema,
  type UserView,
  type SessionView,
  type TokenView,
} from "./identity.js";
export {
  passkeyNameSchema,
  passkeyViewSchema,
  passkeyCreationOptionsSchema,
  passkeyRequestOptionsSchema,
  passkeyRegistrationResponseSchema,
  passkeyAuthenticationResponseSchema,
  finishPasskeyRegistrationInputSchema,
  passkeyRegisteredSchema,
  type PasskeyView,
  type PasskeyCreationOptions,
  type PasskeyRequestOptions,
  type PasskeyRegistrationResponse,
  type PasskeyAuthenticationResponse,
} from "./passkeys.js";
export { AUDIT_OUTCOME_VALUES, auditEntrySchema, auditListInputSchema, auditPageSchema, auditVerifyResultSchema, auditPublicKeySchema } from "./audit-api.js";
export { httpUrlSchema } from "./http-url.js";
export {
  BATCH_TYPES,
  BATCH_KINDS,
  BATCH_STATUSES,
  batchKindSchema,
  batchKindOf,
  batchTypeOf,
  isBatchType,
  MAX_SCRAPE_BATCH_URLS,
  MAX_EMBED_BATCH_TEXTS,
  MAX_EMBED_BATCH_DOCUMENTS,
  DEFAULT_EMBED_CHUNK,
  MAX_BATCH_FAILURES,
  MAX_BATCH_RESULT_BYTES,
  scrapeBatchPayloadSchema,
  embedBatchPayloadSchema,
  batchTaskResultSchema,
  submitScrapeBatchInputSchema,
  submitEmbedBatchInputSchema,
  batchStatusSchema,
  batchSubmittedSchema,
  batchCountsSchema,
  batchSummarySchema,
  batchViewSchema,
  getBatchInputSchema,
  listBatchesInputSchema,
  batchListSchema,
  cancelBatchResultSchema,
  type BatchType,
  type BatchKind,
  type BatchStatus,
  type BatchTaskResult,
  type EmbedBatchPayload,
  type SubmitScrapeBatchInput,
  type SubmitEmbedBatchInput,
  type BatchSubmitted,
  type BatchCounts,
  type BatchSummary,
  type BatchView,
  type ListBatchesInput,
} from "./batches.js";
export { batchChildren, batchChildCount, type BatchChild } from "./batch-children.js";
