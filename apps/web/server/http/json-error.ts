import type { ErrorCode } from "@switchyard/shared";

/**
 * Error answers the HTTP shell writes itself, in the API's error shape
 * `{"error":{"code":...,"message":...}}`: refusals that happen before (or instead of) the API,
 * so their codes name HTTP-level problems. Never a stack trace or a server path.
 */
export type ShellErrorCode = Extract<
  ErrorCode,
  "BAD_REQUEST" | "HEADERS_TOO_LARGE" | "REQUEST_TIMEOUT" | "PAYLOAD_TOO_LARGE" | "NOT_FOUND" | "INTERNAL"
>;

export function errorJson(code: ShellErrorCode, message: string): string {
  return JSON.stringify({ error: { code, message } });
}

export const JSON_CONTENT_TYPE = "application/json; charset=utf-8";
