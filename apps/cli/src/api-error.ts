import { z } from "zod";
import { CliError, exitCodeForStatus } from "./exit-codes.js";

/** The API's error body: `{"error":{"code","message","issues?"}}`. */
export const apiErrorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBodySchema>;

export interface FieldIssue {
  path: string;
  message: string;
}

/** An answer outside 2xx, with the API's error code, message and field issues. */
export class ApiError extends CliError {
  constructor(
    readonly status: number,
    readonly code: string,
    readonly apiMessage: string,
    readonly issues: readonly FieldIssue[] = [],
    readonly retryAfterSeconds: number | null = null,
  ) {
    // With field issues the details name each field; the message then just says what kind of error.
    super(
      `${issues.length > 0 ? "the request is invalid" : apiMessage} (HTTP ${status} ${code})`,
      exitCodeForStatus(status),
      detailLines(status, code, issues, retryAfterSeconds),
    );
    this.name = "ApiError";
  }

  static fromResponse(status: number, body: unknown, retryAfter: string | null): ApiError {
    const retry = retryAfter !== null && /^\d+$/.test(retryAfter) ? Number(retryAfter) : null;
    const parsed = apiErrorBodySchema.safeParse(body);
    if (parsed.success) {
      const e = parsed.data.error;
      return new ApiError(status, e.code, e.message, e.issues ?? [], retry);
    }
    return new ApiError(status, `HTTP_${status}`, typeof body === "string" && body ? body.slice(0, 300) : "no error details", [], retry);
  }
}

function detailLines(status: number, code: string, issues: readonly FieldIssue[], retry: number | null): string[] {
  const lines = issues.map((i) => `${i.path || "(body)"}: ${i.message}`);
  if (status === 401) lines.push("hint: pass a valid API token with --token, SWITCHYARD_TOKEN or the config file");
  if (status === 403 && code === "MFA_REQUIRED") lines.push("hint: this operation is sensitive: use a token created with the sensitive scope");
  else if (status === 403) lines.push("hint: this token's role may not do that");
  if (retry !== null) lines.push(`retry after ${retry} s`);
  return lines;
}
