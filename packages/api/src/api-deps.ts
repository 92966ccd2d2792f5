import type { LoadTestRegistry } from "@switchyard/core";
import type { Platform } from "@switchyard/queue";
import type { AdmissionDeps } from "./admission.js";

/** What the generated API layer needs; tests pass real ones on their own ports. */
export interface ApiDeps extends AdmissionDeps {
  platform: Platform;
  loadTests: LoadTestRegistry;
  /** Unexpected errors (500s), for the process's log. */
  onError: (err: unknown) => void;
}
