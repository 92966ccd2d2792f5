import { z } from "zod";
import { redisUnavailable, type Platform } from "@switchyard/queue";
import type { AuditActor, AuditLog } from "@switchyard/audit";
import { UnavailableError, type ErrorCode, type Permission, type SessionView } from "@switchyard/shared";
import type { GpuRunnerTarget } from "./gpu/gpu-runner-status.js";
import type { Identity } from "./identity/identity.js";
import type { Caller } from "./identity/principal.js";
import type { TokenAdmin } from "./identity/tokens.js";
import type { LoadTestRegistry } from "./load-tests/load-test-registry.js";
import type { RagApi } from "./rag/rag-api.js";

export type { Caller } from "./identity/principal.js";

/** Where a request came from, for the audit log and sign-in limits. */
export interface RequestInfo {
  requestId: string;
  clientAddress: string | null;
  userAgent: string | null;
}

/** How the session operations (sign-in, sign-out) set and clear the session cookie. */
export interface SessionChannel {
  /** The id of the session the request's cookie named (verified), or null. */
  currentSessionId: string | null;
  /** That session as the dashboard sees it (with its CSRF token), or null. */
  currentView: SessionView | null;
  set(secret: string, expiresAt: Date): void;
  clear(): void;
}

/** What every operation runs with; the API layer builds one per request. */
export interface OperationContext {
  platform: Platform;
  loadTests: LoadTestRegistry;
  /** Null only for public operations (permission "public"). */
  caller: Caller | null;
  /** Chroma and the task waiter for the collection and RAG operations; absent: those answer 503. */
  rag?: RagApi | null;
  /** The GPU runner get-gpu-runner reads (GPU_RUNNER_URL); absent: it answers 503. */
  gpuRunner?: GpuRunnerTarget | null;
  /** People, sessions and second factors; absent: the identity operations answer 503. */
  identity?: Identity | null;
  tokens?: TokenAdmin | null;
  audit?: AuditLog | null;
  request?: RequestInfo;
  session?: SessionChannel;
  /** Whether the caller passed the sensitive gate now (token scope, or a fresh second factor). */
  mayRunSensitive?: boolean;
}

export type HttpMethod = "get" | "post" | "put" | "patch" | "delete";

/** How an operation appears in the REST API (/api/v1). */
export interface RestBinding<I> {
  method: HttpMethod;
  /** OpenAPI template under /api/v1, e.g. "/tasks/{id}". */
  path: string;
  /** Input fields taken from the path, in template order. */
  params?: ReadonlyArray<keyof I & string>;
  /**
   * Where the rest of the input comes from: "query" (the default for get and delete), "body"
   * (the whole JSON body, the default otherwise) or the name of one input field that the body is.
   */
  body?: "query" | "body" | (keyof I & string);
  /** Request headers that fill an input field, e.g. { "idempotency-key": "idempotencyKey" }. */
  headers?: Readonly<Record<string, keyof I & string>>;
  /** Success statuses this route can answer with; the first is the usual one. */
  statuses?: readonly [number, ...number[]];
}

export interface Operation<
  Name extends string = string,
  In extends z.ZodType = z.ZodType,
  Out extends z.ZodType = z.ZodType,
  Path extends `${string}.${string}` = `${string}.${string}`,
  Kind extends "query" | "mutation" = "query" | "mutation",
> {
  /** verb-noun, the file's name. */
  name: Name;
  summary: string;
  description?: string;
  /** Groups the operation in the docs. */
  tag: string;
  input: In;
  output: Out;
  /**
   * What the caller's role must allow; "public" needs no token (health, sign-in, first start);
   * "authenticated" needs any signed-in person or token (one's own session and second factor).
   */
  permission: Permission | "public" | "authenticated";
  /** Changes configuration or destroys data: audit, MFA step-up and policy checks key on this. */
  sensitive: boolean;
  /** tRPC procedure path, e.g. "tasks.list". */
  trpc: Path;
  /** query: reads (GET); mutation: changes state. */
  kind: Kind;
  rest: RestBinding<z.input<In>>;
  /** Error codes it can answer with besides those the API layer derives (e.g. NOT_FOUND without a path parameter, UNAVAILABLE). */
  errors?: readonly ErrorCode[];
  /** The REST status for a result, when it depends on it (default: rest.statuses[0] or 200). */
  status?: (output: z.output<Out>) => number;
  /** Response headers for a result (REST only). */
  responseHeaders?: (output: z.output<Out>) => Record<string, string>;
  example?: { input?: z.input<In>; output?: z.output<Out> };
  /**
   * Whether a call is written to the audit log. Default: mutations and sensitive operations are,
   * reads are not. Single task submissions opt out (the task history covers them).
   */
  audit?: boolean;
  /**
   * What the audit entry keeps of a validated input, when the whole input is not worth hashing and
   * storing on every call (a bulk submission: counts by type and priority; the tasks are in the history).
   */
  auditInput?: (input: z.output<In>) => unknown;
  /** A readable target for the audit entry (the pool's name, the new token's id and name). */
  auditTarget?: (input: z.output<In>, output: z.output<Out> | undefined) => string | null;
  /** The actor of the audit entry when it is not the caller (sign-in: the person who signed in). */
  auditActor?: (input: z.output<In>, output: z.output<Out> | undefined) => AuditActor | null;
  /** Needs a dashboard session (not a token): these are left out of the CLI. */
  sessionOnly?: boolean;
  /** Allowed while the person must still enrol a second factor (admins require MFA for all). */
  duringMfaEnrollment?: boolean;
  /** The output is a stream of text lines (REST streams it with this content type; tRPC joins it). */
  streamed?: { contentType: string; filename: string };
  run(ctx: OperationContext, input: z.output<In>): Promise<z.output<Out>>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a registry holds operations of every shape
export type AnyOperation = Operation<string, any, any, `${string}.${string}`, "query" | "mutation">;

/**
 * Keeps each operation's literal name, path and kind in its type, and gives every operation the
 * same answer to an unreachable Redis: a Redis connection error becomes ServiceUnavailableError
 * (503 + Retry-After), so no caller sees it as an internal error.
 */
export function defineOperation<
  const Name extends string,
  In extends z.ZodType,
  Out extends z.ZodType,
  const Path extends `${string}.${string}`,
  const Kind extends "query" | "mutation",
>(op: Operation<Name, In, Out, Path, Kind>): Operation<Name, In, Out, Path, Kind> {
  const run = op.run;
  return {
    ...op,
    async run(ctx, input) {
      try {
        return await run(ctx, input);
      } catch (err) {
        throw redisUnavailable(err) ?? err;
      }
    },
  };
}

/** The caller, for operations that need one (never null past the API layer's check). */
export function callerOf(ctx: OperationContext): Caller {
  if (!ctx.caller) throw new Error("operation needs an authenticated caller");
  return ctx.caller;
}

/** Whether calls of this operation go to the audit log. */
export function isAudited(op: AnyOperation): boolean {
  return op.audit ?? (op.kind === "mutation" || op.sensitive);
}

/** A service an operation needs, or 503 when this process runs without it. */
export function needService<T>(service: T | null | undefined, name: string): T {
  if (service === null || service === undefined) throw new UnavailableError(`${name} is not available in this process`);
  return service;
}

/** The input of an operation that takes none: nothing, or an empty object (unknown keys are named in the 400). */
export const noInput = z.object({}).strict().optional();
