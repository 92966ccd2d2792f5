import type { IncomingMessage, ServerResponse } from "node:http";
import { isApiPath } from "./api-paths.js";
import { errorJson, JSON_CONTENT_TYPE } from "./json-error.js";

/**
 * Bodies nobody would read: anything sent to a page (Next.js pages take no request body here:
 * no server actions, no route handlers) and any body on GET or HEAD. Node would otherwise read
 * and discard them to their end, however long; refusing closes the connection instead.
 */
export function unexpectedBody(req: IncomingMessage): string | null {
  const declared = Number(req.headers["content-length"] ?? "0");
  const hasBody = req.headers["transfer-encoding"] !== undefined || !(declared === 0 || Number.isNaN(declared));
  if (!hasBody) return null;
  if (req.method === "GET" || req.method === "HEAD") return `${req.method} requests take no body`;
  if (!isApiPath(req.url ?? "/")) return "this path takes no request body";
  return null;
}

/** 413 with Connection: close; the close lingers (lingering-close.ts) since the body is unread. */
export function refuseBody(res: ServerResponse, message: string): void {
  const body = errorJson("PAYLOAD_TOO_LARGE", message);
  res.writeHead(413, {
    "Content-Type": JSON_CONTENT_TYPE,
    "Content-Length": Buffer.byteLength(body),
    Connection: "close",
  });
  res.end(body);
}
