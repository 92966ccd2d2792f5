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
] as const satisfies readonly AnyOperation[];

export type Operations = typeof operations;
export type OperationName = Operations[number]["name"];
