import type { RequestInfo, SessionChannel } from "@switchyard/core";
import type { Admitted, Presented } from "../admission.js";
import type { ApiDeps } from "../api-deps.js";

/** Built once per HTTP request (a batch shares it): the caller is identified and its calls counted first. */
export interface TrpcContext {
  deps: ApiDeps;
  presented: Presented;
  /** The X-CSRF-Token header (cookie-authenticated mutations must carry it). */
  csrf: string | null | undefined;
  request: RequestInfo;
  /** The session channel of one call, writing cookies onto this response. */
  sessionFor(admitted: Admitted): SessionChannel;
}
