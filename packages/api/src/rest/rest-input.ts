import type { Context } from "hono";
import type { AnyOperation } from "@switchyard/core";
import type { z } from "zod";
import { fromZodIssues, ValidationError, type FieldIssue } from "@switchyard/shared";
import { readJsonBody } from "./read-json.js";

/** Where the part of an operation's input that is not in the path comes from. */
export function inputSource(op: AnyOperation): "query" | "body" | string {
  const { method, body } = op.rest;
  return body ?? (method === "get" || method === "delete" ? "query" : "body");
}

/**
 * Assemble an operation's input from a REST request (path parameters, query or JSON body,
 * mapped headers) and validate it against the operation's schema. Issue paths are given as
 * the client sent them (a body that is one input field has its fields at the top).
 */
export async function restInput(op: AnyOperation, c: Context): Promise<unknown> {
  const source = inputSource(op);
  const raw: Record<string, unknown> = {};
  const queries = c.req.queries();
  const issues: FieldIssue[] = [];
  if (source === "query") {
    for (const [key, values] of Object.entries(queries)) {
      if (values.length > 1) issues.push({ path: key, message: "query parameter given more than once" });
      raw[key] = values[0];
    }
  } else {
    for (const key of Object.keys(queries)) issues.push({ path: key, message: "unknown query parameter (this route takes none)" });
  }
  if (issues.length > 0) throw new ValidationError(issues);

  let input: unknown = raw;
  if (source !== "query") {
    // No body at all: the schema names what is missing (routes whose input is only the path need none).
    const body = await readJsonBody(c);
    if (source === "body") {
      if (body === undefined) input = raw;
      else input = isPlainObject(body) ? { ...body, ...raw } : (op.rest.params?.length ?? 0) > 0 ? { body } : body;
    } else if (body !== undefined) raw[source] = body;
  }
  for (const name of op.rest.params ?? []) {
    if (isPlainObject(input)) input[name] = c.req.param(name);
  }
  // Fields filled from a header are named by the header in issues, as the client sent them.
  const fromHeader = new Map<string, string>();
  for (const [header, field] of Object.entries(op.rest.headers ?? {})) {
    const value = c.req.header(header);
    if (value === undefined || !isPlainObject(input)) continue;
    fromHeader.set(field, displayHeader(header));
    if (input[field] !== undefined && input[field] !== value) {
      throw new ValidationError([{ path: field, message: `differs from the ${header} header; send one or make them equal` }]);
    }
    input[field] = value;
  }

  const parsed = op.input.safeParse(input);
  if (!parsed.success) {
    const strip = source !== "query" && source !== "body" ? source : null;
    throw fromZodIssues(
      parsed.error.issues.map((i: z.core.$ZodIssue) => {
        const header = typeof i.path[0] === "string" ? fromHeader.get(i.path[0]) : undefined;
        if (header) return { ...i, path: [header, ...i.path.slice(1)] };
        return strip && i.path[0] === strip ? { ...i, path: i.path.slice(1) } : i;
      }),
    );
  }
  return parsed.data;
}

/** "idempotency-key" → "Idempotency-Key". */
function displayHeader(name: string): string {
  return name.replace(/(^|-)([a-z])/g, (_, dash: string, ch: string) => dash + ch.toUpperCase());
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
