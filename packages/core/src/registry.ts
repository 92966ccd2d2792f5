import type { AnyOperation } from "./operation.js";
import { addDocuments } from "./operations/add-documents.js";
import { deleteCollection } from "./operations/delete-collection.js";
import { deleteDocument } from "./operations/delete-document.js";
import { getCollection } from "./operations/get-collection.js";
import { getDocument } from "./operations/get-document.js";
import { listCollections } from "./operations/list-collections.js";
import { queryRag } from "./operations/query-rag.js";
import { cancelTask } from "./operations/cancel-task.js";
import { clearFault } from "./operations/clear-fault.js";
import { getHealth } from "./operations/get-health.js";
import { getLoadTest } from "./operations/get-load-test.js";
import { getTask } from "./operations/get-task.js";
import { listCircuitBreakers } from "./operations/list-circuit-breakers.js";
import { listDeadLetters } from "./operations/list-dead-letters.js";
import { listLoadTests } from "./operations/list-load-tests.js";
import { listPools } from "./operations/list-pools.js";
import { listTasks } from "./operations/list-tasks.js";
import { listWorkers } from "./operations/list-workers.js";
import { redriveDeadLetters } from "./operations/redrive-dead-letters.js";
import { resetPool } from "./operations/reset-pool.js";
import { retryTask } from "./operations/retry-task.js";
import { setFault } from "./operations/set-fault.js";
import { startLoadTest } from "./operations/start-load-test.js";
import { submitTask } from "./operations/submit-task.js";
import { submitTasks } from "./operations/submit-tasks.js";
import { updatePool } from "./operations/update-pool.js";
import { getSetupStatus } from "./operations/get-setup-status.js";
import { createFirstAdmin } from "./operations/create-first-admin.js";
import { signIn } from "./operations/sign-in.js";
import { getSession } from "./operations/get-session.js";
import { signOut } from "./operations/sign-out.js";
import { signOutEverywhere } from "./operations/sign-out-everywhere.js";
import { beginTotpEnrollment } from "./operations/begin-totp-enrollment.js";
import { confirmTotpEnrollment } from "./operations/confirm-totp-enrollment.js";
import { verifySecondFactor } from "./operations/verify-second-factor.js";
import { beginPasskeyRegistration } from "./operations/begin-passkey-registration.js";
import { finishPasskeyRegistration } from "./operations/finish-passkey-registration.js";
import { listPasskeys } from "./operations/list-passkeys.js";
import { deletePasskey } from "./operations/delete-passkey.js";
import { beginPasskeyVerification } from "./operations/begin-passkey-verification.js";
import { finishPasskeyVerification } from "./operations/finish-passkey-verification.js";
import { beginPasskeySignIn } from "./operations/begin-passkey-sign-in.js";
import { listUsers } from "./operations/list-users.js";
import { createUser } from "./operations/create-user.js";
import { updateUser } from "./operations/update-user.js";
import { resetUserMfa } from "./operations/reset-user-mfa.js";
import { getSecuritySettings } from "./operations/get-security-settings.js";
import { updateSecuritySettings } from "./operations/update-security-settings.js";
import { createToken } from "./operations/create-token.js";
import { listTokens } from "./operations/list-tokens.js";
import { revokeToken } from "./operations/revoke-token.js";
import { listAuditEntries } from "./operations/list-audit-entries.js";
import { getAuditEntry } from "./operations/get-audit-entry.js";
import { verifyAuditLog } from "./operations/verify-audit-log.js";
import { exportAuditLog } from "./operations/export-audit-log.js";
import { getAuditPublicKey } from "./operations/get-audit-public-key.js";
import { bulkTaskAction } from "./operations/bulk-task-action.js";
import { getGpuRunner } from "./operations/get-gpu-runner.js";
import { getTaskStats } from "./operations/get-task-stats.js";
import { listSchedules } from "./operations/list-schedules.js";
import { updateSchedule } from "./operations/update-schedule.js";
import { runSchedule } from "./operations/run-schedule.js";
import { submitScrapeBatch } from "./operations/submit-scrape-batch.js";
import { submitEmbedBatch } from "./operations/submit-embed-batch.js";
import { getBatch } from "./operations/get-batch.js";
import { listBatches } from "./operations/list-batches.js";
import { cancelBatch } from "./operations/cancel-batch.js";

/**
 * Every operation of the platform, once. REST (+ OpenAPI), tRPC and the CLI are generated
 * from or checked against this list; authorization, validation, error mapping and (later)
 * audit, policy and MFA step-up hook in where the API layer runs an operation.
 * To add one: a file in operations/ named verb-noun, and a line here.
 */
export const operations = [
  getHealth,
  submitTask,
  submitTasks,
  listTasks,
  getTask,
  cancelTask,
  retryTask,
  listDeadLetters,
  redriveDeadLetters,
  listPools,
  updatePool,
  resetPool,
  listWorkers,
  listCircuitBreakers,
  startLoadTest,
  listLoadTests,
  getLoadTest,
  setFault,
  clearFault,
  listCollections,
  getCollection,
  deleteCollection,
  addDocuments,
  getDocument,
  deleteDocument,
  queryRag,
  getSetupStatus,
  createFirstAdmin,
  signIn,
  beginPasskeySignIn,
  getSession,
  signOut,
  signOutEverywhere,
  beginTotpEnrollment,
  confirmTotpEnrollment,
  verifySecondFactor,
  beginPasskeyRegistration,
  finishPasskeyRegistration,
  listPasskeys,
  deletePasskey,
  beginPasskeyVerification,
  finishPasskeyVerification,
  listUsers,
  createUser,
  updateUser,
  resetUserMfa,
  getSecuritySettings,
  updateSecuritySettings,
  createToken,
  listTokens,
  revokeToken,
  listAuditEntries,
  getAuditEntry,
  verifyAuditLog,
  exportAuditLog,
  getAuditPublicKey,
  bulkTaskAction,
  getGpuRunner,
  getTaskStats,
  listSchedules,
  updateSchedule,
  runSchedule,
  submitScrapeBatch,
  submitEmbedBatch,
  listBatches,
  getBatch,
  cancelBatch,
] as const satisfies readonly AnyOperation[];

export type Operations = typeof operations;
export type OperationName = Operations[number]["name"];
