/** @switchyard/api: REST + OpenAPI, tRPC and the docs page, generated from @switchyard/core's registry. */
export { createApiApp, MAX_TRPC_BATCH } from "./create-api-app.js";
export type { ApiDeps } from "./api-deps.js";
export type { MetricsEndpoint } from "./metrics-endpoint.js";
export type { AppRouter, RegistryRecord } from "./trpc/trpc-router.js";
export { buildOpenApiDocument } from "./openapi/openapi-document.js";
export { createTrpcRouter } from "./trpc/trpc-router.js";
export { REST_BASE } from "./rest/rest-router.js";
export { Authenticator, bearerToken } from "./authenticator.js";
export { authorize, identify, tokenCaller, type AdmissionDeps, type Credentials, type Presented, type Admitted } from "./admission.js";
export { readSessionCookie } from "./session-cookie.js";
export { createRateLimiter, DEFAULT_RATE_LIMIT, type RateLimitConfig, type RateSubject, type RequestRateLimiter } from "./rate-limit.js";
export { toHttpError, toTrpcError, errorBodySchema } from "./error-map.js";
