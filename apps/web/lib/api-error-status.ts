import { TRPCClientError } from "@trpc/client";

/** The HTTP status a tRPC call was refused with (404, 403, 429…), when the server gave one. */
export function httpStatusOf(err: unknown): number | null {
  if (!(err instanceof TRPCClientError)) return null;
  const data: unknown = err.data;
  if (typeof data !== "object" || data === null) return null;
  const status = (data as { httpStatus?: unknown }).httpStatus;
  return typeof status === "number" ? status : null;
}
