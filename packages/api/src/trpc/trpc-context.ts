import type { Identity } from "../admission.js";
import type { ApiDeps } from "../api-deps.js";

/** Built once per HTTP request (a batch shares it): the caller is identified and its calls counted first. */
export interface TrpcContext {
  deps: ApiDeps;
  identity: Identity;
}
