import { TRPCClientError } from "@trpc/client";

export interface FieldIssue {
  /** The input's path, dotted: `urls.3`, `ingest.collection`, `priority`. */
  path: string;
  message: string;
}

/** The field issues of a 400 (tRPC's `data.issues`, the same as REST's), else none. */
export function fieldIssuesOf(err: unknown): FieldIssue[] {
  if (!(err instanceof TRPCClientError)) return [];
  const data: unknown = err.data;
  if (typeof data !== "object" || data === null) return [];
  const issues = (data as { issues?: unknown }).issues;
  if (!Array.isArray(issues)) return [];
  return issues.flatMap((i: unknown) => {
    if (typeof i !== "object" || i === null) return [];
    const { path, message } = i as { path?: unknown; message?: unknown };
    return typeof path === "string" && typeof message === "string" ? [{ path, message }] : [];
  });
}
