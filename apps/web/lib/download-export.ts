import { csrfToken } from "./session-store";
import { requestStepUp } from "./step-up";
import { getToken } from "./token-store";

export const AUDIT_EXPORT_URL = "/api/v1/audit/export";

async function errorCode(res: Response): Promise<string | null> {
  try {
    const body = (await res.json()) as { error?: { code?: unknown } };
    return typeof body.error?.code === "string" ? body.error.code : null;
  } catch {
    return null;
  }
}

/**
 * Download the audit export (JSON Lines). A plain link works with the session cookie; this
 * fetches instead so that a pasted token's header goes along and a step-up refusal opens the
 * code dialog and is retried, like every other sensitive action.
 */
export async function downloadAuditExport(): Promise<void> {
  const fetchOnce = (): Promise<Response> => {
    const token = getToken();
    return fetch(AUDIT_EXPORT_URL, { headers: token ? { authorization: `Bearer ${token}` } : {}, cache: "no-store" });
  };
  let res = await fetchOnce();
  if (res.status === 403 && getToken() === null && csrfToken() !== null && (await errorCode(res)) === "MFA_REQUIRED") {
    if (!(await requestStepUp())) throw new Error("the export needs a confirmed second factor");
    res = await fetchOnce();
  }
  if (!res.ok) {
    const code = await errorCode(res);
    throw new Error(`the server answered ${res.status}${code ? ` (${code})` : ""}`);
  }
  const url = URL.createObjectURL(await res.blob());
  try {
    const a = document.createElement("a");
    a.href = url;
    a.download = `switchyard-audit-${new Date().toISOString().replace(/[:.]/g, "-")}.jsonl`;
    document.body.append(a);
    a.click();
    a.remove();
  } finally {
    // Revoked after the click has handed the blob to the download.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
  }
}
