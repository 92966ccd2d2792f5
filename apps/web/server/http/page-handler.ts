import type { IncomingMessage, ServerResponse } from "node:http";
import { errorJson, JSON_CONTENT_TYPE } from "./json-error.js";
import { keepPagePrivate } from "./security-headers.js";

export type UiHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>;

/** A page request to Next.js: kept out of shared caches, and a failure answers without details. */
export function servePage(ui: UiHandler, req: IncomingMessage, res: ServerResponse, onError: (scope: string, err: unknown) => void): void {
  keepPagePrivate(req, res);
  let handled: Promise<void>;
  try {
    handled = ui(req, res);
  } catch (err) {
    // Next's handler can throw before it is async (a request URL it cannot parse).
    handled = Promise.reject(err);
  }
  handled.catch((err: unknown) => {
    onError("ui", err);
    if (!res.headersSent) {
      res.writeHead(500, { "Content-Type": JSON_CONTENT_TYPE }).end(errorJson("INTERNAL", "internal error"));
    } else {
      res.destroy();
    }
  });
}
