import { OpenAPIRegistry, OpenApiGeneratorV31, type RouteConfig } from "@asteasolutions/zod-to-openapi";
import type { ReferenceObject, SchemaObject } from "openapi3-ts/oas31";
import { z } from "zod";
import { roleTableMarkdown, type AnyOperation } from "@switchyard/core";
import type { ErrorCode } from "@switchyard/shared";
import { errorBodySchema, httpStatusOf } from "../error-map.js";
import { inputSource } from "../rest/rest-input.js";
import { REST_BASE } from "../rest/rest-router.js";

type OpenApiDocument = ReturnType<OpenApiGeneratorV31["generateDocument"]>;

const ERROR_TEXT: Partial<Record<ErrorCode, string>> = {
  VALIDATION: "Invalid input: `issues` names each field (dot path) and the reason.",
  UNAUTHORIZED: "Missing, malformed or unknown bearer token.",
  FORBIDDEN:
    "The caller's role lacks the permission this operation needs (code FORBIDDEN); or the operation is sensitive and the " +
    "session has no second-factor confirmation within 5 minutes / the token lacks the `sensitive` scope (code MFA_REQUIRED); " +
    "or a cookie-authenticated write lacks the X-CSRF-Token header (code CSRF_FAILED).",
  NOT_FOUND: "No such resource.",
  CONFLICT: "The resource's state does not allow this now.",
  PAYLOAD_TOO_LARGE: "Body over 1 MiB (whatever the transfer encoding); the connection is closed.",
  RATE_LIMITED: "Over the request limit (or the pool's depth limit): retry after `Retry-After` seconds.",
  UNAVAILABLE: "A backing service is unavailable.",
  INTERNAL: "Unexpected error; the body says no more than that.",
};

/** The error statuses an operation can answer with. */
function errorCodes(op: AnyOperation): ErrorCode[] {
  const codes: ErrorCode[] = ["VALIDATION"];
  if (op.permission !== "public") codes.push("UNAUTHORIZED", "FORBIDDEN", "RATE_LIMITED");
  if (op.sensitive) codes.push("MFA_REQUIRED");
  if ((op.rest.params?.length ?? 0) > 0) codes.push("NOT_FOUND");
  if (op.kind === "mutation") codes.push("CONFLICT");
  if (inputSource(op) !== "query") codes.push("PAYLOAD_TOO_LARGE");
  for (const code of op.errors ?? []) if (!codes.includes(code)) codes.push(code);
  codes.push("INTERNAL");
  return codes;
}

function objectShape(schema: z.ZodType): z.ZodObject | null {
  return schema instanceof z.ZodObject ? schema : null;
}

function requestOf(op: AnyOperation): RouteConfig["request"] {
  const request: NonNullable<RouteConfig["request"]> = {};
  const input = objectShape(op.input);
  const params = op.rest.params ?? [];
  if (params.length > 0 && input) {
    request.params = input.pick(Object.fromEntries(params.map((p) => [p, true])) as Record<string, true>);
  }
  const source = inputSource(op);
  if (source === "query") {
    if (input) {
      const query = params.length > 0 ? input.omit(Object.fromEntries(params.map((p) => [p, true])) as Record<string, true>) : input;
      if (Object.keys(query.shape).length > 0) request.query = query;
    }
  } else {
    const body =
      source === "body"
        ? input && params.length > 0
          ? input.omit(Object.fromEntries(params.map((p) => [p, true])) as Record<string, true>)
          : op.input
        : (input?.shape[source] as z.ZodType | undefined) ?? z.unknown();
    const example = op.example?.input as Record<string, unknown> | undefined;
    request.body = {
      required: true,
      content: {
        "application/json": {
          schema: body,
          ...(example ? { example: source === "body" || source === "query" ? example : example[source] } : {}),
        },
      },
    };
  }
  const headers = Object.keys(op.rest.headers ?? {});
  if (headers.length > 0 && input) {
    request.headers = z.object(
      Object.fromEntries(
        Object.entries(op.rest.headers ?? {}).map(([header, field]) => [header, (input.shape[field] as z.ZodType).optional()]),
      ),
    );
  }
  return request;
}

function responsesOf(op: AnyOperation, errorRef: ReferenceObject): RouteConfig["responses"] {
  const responses: RouteConfig["responses"] = {};
  const example = op.example?.output;
  for (const status of op.rest.statuses ?? [200]) {
    responses[String(status)] = {
      description: status === 202 ? "Accepted" : status === 503 ? "Some part is down (same body)" : "OK",
      content: op.streamed
        ? { [op.streamed.contentType]: { schema: op.output } }
        : { "application/json": { schema: op.output, ...(example !== undefined ? { example } : {}) } },
    };
  }
  for (const code of errorCodes(op)) {
    const status = String(httpStatusOf(code));
    if (responses[status]) continue;
    responses[status] = {
      description: ERROR_TEXT[code] ?? code,
      content: { "application/json": { schema: errorRef } },
    };
  }
  return responses;
}

/**
 * The OpenAPI 3.1 document of the REST API, generated from the operation registry (the same
 * zod schemas that validate requests), so the docs can't drift from the routes.
 */
export function buildOpenApiDocument(operations: readonly AnyOperation[], version: string): OpenApiDocument {
  const registry = new OpenAPIRegistry();
  const bearer = registry.registerComponent("securitySchemes", "bearerAuth", {
    type: "http",
    scheme: "bearer",
    description: "An API token: `Authorization: Bearer <token>`. `npm start` writes the first admin token to DATA_DIR/admin-token.",
  });
  // A plain JSON Schema component (zod's own conversion), so no zod prototype patching is needed.
  registry.registerComponent("schemas", "Error", z.toJSONSchema(errorBodySchema, { target: "draft-2020-12" }) as SchemaObject);
  const cookie = registry.registerComponent("securitySchemes", "sessionCookie", {
    type: "apiKey",
    in: "cookie",
    name: "sy_session",
    description: "The dashboard's session (POST /api/v1/session). Writes also need the session's X-CSRF-Token header.",
  });
  const errorRef: ReferenceObject = { $ref: "#/components/schemas/Error" };
  for (const op of operations) {
    registry.registerPath({
      method: op.rest.method,
      path: `${REST_BASE}${op.rest.path}`,
      operationId: op.name,
      summary: op.summary,
      description: [
        op.description,
        op.permission === "public"
          ? "No token needed."
          : op.permission === "authenticated"
            ? "Needs any signed-in person or token."
            : `Needs permission \`${op.permission}\`.`,
        op.sensitive
          ? "Sensitive: changes configuration or destroys data. Tokens need the `sensitive` scope; sessions a second-factor confirmation within 5 minutes."
          : undefined,
        op.sessionOnly ? "Dashboard sessions only (the session cookie)." : undefined,
      ]
        .filter(Boolean)
        .join("\n\n"),
      tags: [op.tag],
      security: op.permission === "public" ? [] : [{ [bearer.name]: [] }, { [cookie.name]: [] }],
      request: requestOf(op),
      responses: responsesOf(op, errorRef),
      "x-permission": op.permission,
      "x-sensitive": op.sensitive,
      "x-trpc": op.trpc,
    });
  }
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: "3.1.0",
    info: {
      title: "Switchyard API",
      version,
      description: [
        "Submit and steer background work. Every route but health, sign-in and the audit public key needs a bearer token or the dashboard's " +
          "session cookie (writes by cookie also need the X-CSRF-Token header); bodies are JSON, at most 1 MiB. " +
          "The same operations are available over tRPC at /api/trpc (batches of at most 10 calls).",
        "## Roles",
        "What each role may do, generated from the operation registry. ✓² marks a sensitive operation: a token needs the " +
          "`sensitive` scope, a dashboard session a second-factor confirmation within the last 5 minutes (else 403 `MFA_REQUIRED`).",
        roleTableMarkdown(operations),
        "## Verifying an audit export",
        "1. `GET /api/v1/audit/export` (permission `audit:export`, sensitive) or `switchyard audit export -o audit.jsonl`.\n" +
          "2. Fetch the public key from `GET /api/v1/audit/public-key` over a channel you trust and compare it with the export's header.\n" +
          "3. `node verify-export.mjs audit.jsonl` — the standalone script (packages/audit/verify-export.mjs, no dependencies) recomputes " +
          "the hash chain and the RFC 6962 Merkle tree, checks every signed checkpoint, and names the first bad entry. " +
          "`--inclusion SEQ` and `--consistency M N` print proofs. See packages/audit/VERIFYING.md.",
      ].join("\n\n"),
    },
    servers: [{ url: "/" }],
  });
}
