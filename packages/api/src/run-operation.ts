import type { AuditActor, AuditOutcome } from "@switchyard/audit";
import { isAudited, type AnyOperation, type Caller, type OperationContext, type RequestInfo, type SessionChannel } from "@switchyard/core";
import { AppError, CsrfError, ForbiddenError, MfaRequiredError } from "@switchyard/shared";
import type { Admitted, Presented } from "./admission.js";
import type { ApiDeps } from "./api-deps.js";
import { tracingOn } from "@switchyard/observability";
import { inOperationSpan } from "./operation-span.js";

/** What REST and tRPC hand to runOperation besides the input. */
export interface Invocation {
  admitted: Admitted;
  request: RequestInfo;
  session: SessionChannel;
}

/**
 * Runs an admitted operation — the one place REST and tRPC both call — and writes its audit
 * entry (allowed or failed) when the registry says the operation is audited, so no route can
 * forget one. An audit write that fails after the operation succeeded is reported, not thrown:
 * the change happened and the caller must hear so.
 */
export async function runOperation(op: AnyOperation, deps: ApiDeps, call: Invocation, input: unknown): Promise<unknown> {
  // One span per operation when tracing is on (operation-span.ts); off, nothing but this check.
  if (tracingOn()) return inOperationSpan(op, call.admitted.caller, () => runAudited(op, deps, call, input));
  return runAudited(op, deps, call, input);
}

async function runAudited(op: AnyOperation, deps: ApiDeps, call: Invocation, input: unknown): Promise<unknown> {
  const ctx: OperationContext = {
    platform: deps.platform,
    loadTests: deps.loadTests,
    caller: call.admitted.caller,
    rag: deps.rag ?? null,
    gpuRunner: deps.gpuRunner ?? null,
    identity: deps.identity ?? null,
    tokens: deps.tokens ?? null,
    audit: deps.audit ?? null,
    request: call.request,
    session: call.session,
    mayRunSensitive: call.admitted.mayRunSensitive,
  };
  if (!deps.audit || !isAudited(op)) return op.run(ctx, input);
  let output: unknown;
  try {
    output = await op.run(ctx, input);
  } catch (err) {
    await appendEntry(deps, op, call.admitted.caller, call.request, input, undefined, "failed", reasonOf(err));
    throw err;
  }
  await appendEntry(deps, op, call.admitted.caller, call.request, input, output, "allowed", null);
  return output;
}

/**
 * A request refused at the gate (role, CSRF, second factor) by a known caller: a security event
 * for the audit log. Anonymous refusals are not written (the request limit meters them), so a
 * stranger cannot fill the log.
 */
export async function auditRefusal(
  deps: ApiDeps,
  op: AnyOperation,
  presented: Presented | null,
  request: RequestInfo,
  err: unknown,
  /** What is known of the input before it was validated (REST: the path parameters). */
  rawInput?: unknown,
): Promise<void> {
  const caller = presented?.caller;
  if (!deps.audit || !caller) return;
  let outcome: AuditOutcome;
  if (err instanceof MfaRequiredError) outcome = "denied_mfa";
  else if (err instanceof ForbiddenError || err instanceof CsrfError) outcome = "denied_role";
  else return;
  await appendEntry(deps, op, caller, request, rawInput, undefined, outcome, reasonOf(err));
}

async function appendEntry(
  deps: ApiDeps,
  op: AnyOperation,
  caller: Caller | null,
  request: RequestInfo,
  input: unknown,
  output: unknown,
  outcome: AuditOutcome,
  reason: string | null,
): Promise<void> {
  try {
    await deps.audit?.append({
      actor: (outcome === "allowed" || outcome === "failed" ? op.auditActor?.(input, output) : null) ?? actorOf(caller),
      action: op.name,
      target: targetOf(op, input, output),
      input: outcome === "allowed" || outcome === "failed" ? auditedInput(op, input) : input,
      outcome,
      reason,
      clientAddress: request.clientAddress,
      userAgent: request.userAgent,
      requestId: request.requestId,
    });
  } catch (err) {
    deps.onError(err);
  }
}

/** The operation's own summary of a validated input, else the input itself. */
function auditedInput(op: AnyOperation, input: unknown): unknown {
  if (!op.auditInput || input === undefined) return input;
  try {
    return op.auditInput(input);
  } catch {
    return input;
  }
}

function actorOf(caller: Caller | null): AuditActor {
  if (!caller) return { type: "anonymous", id: null, name: null };
  if (caller.kind === "session") return { type: "user", id: caller.userId, name: caller.name };
  return { type: "token", id: caller.tokenId, name: caller.name };
}

/** The operation's own description of its target, else its path parameters (e.g. "pool=rag"). */
function targetOf(op: AnyOperation, input: unknown, output: unknown): string | null {
  if (input === undefined) return null;
  try {
    const own = op.auditTarget?.(input, output);
    if (own !== undefined) return own;
  } catch {
    // A target is a nicety; a malformed input must not lose the entry.
  }
  const params = op.rest.params ?? [];
  if (params.length === 0 || typeof input !== "object" || input === null) return null;
  const record = input as Record<string, unknown>;
  return params.map((p) => `${p}=${String(record[p])}`).join(" ");
}

function reasonOf(err: unknown): string {
  return err instanceof AppError ? `${err.code}: ${err.message}` : "internal error";
}
