import type { AuditLog } from "@switchyard/audit";
import type { GpuRunnerTarget, LoadTestRegistry, RagApi, TokenAdmin } from "@switchyard/core";
import type { Platform } from "@switchyard/queue";
import type { AdmissionDeps } from "./admission.js";
import type { MetricsEndpoint } from "./metrics-endpoint.js";

/** What the generated API layer needs; tests pass real ones on their own ports. */
export interface ApiDeps extends AdmissionDeps {
  platform: Platform;
  loadTests: LoadTestRegistry;
  /** Chroma and the task waiter (collections and RAG operations); absent: those answer 503. */
  rag?: RagApi | null;
  /** The GPU runner (get-gpu-runner); absent: that operation answers 503. */
  gpuRunner?: GpuRunnerTarget | null;
  /** Token creation, listing and revocation; absent: those operations answer 503. */
  tokens?: TokenAdmin | null;
  /** The tamper-evident audit log every audited operation writes to; absent: nothing is written. */
  audit?: AuditLog | null;
  /** Session cookies get `Secure` (the dashboard is served over TLS, or a proxy terminates it). */
  secureCookies?: boolean;
  /** Unexpected errors (500s), for the process's log. */
  onError: (err: unknown) => void;
  /** GET /metrics for Prometheus; not served when absent. */
  metrics?: MetricsEndpoint;
}
