import { bodyLimit } from "hono/body-limit";
import type { MiddlewareHandler } from "hono";
import { MAX_BODY_BYTES, PayloadTooLargeError } from "@switchyard/shared";
import { errorJson, JSON_CONTENT_TYPE } from "./json-error.js";

/**
 * The body cap for every API route, REST and tRPC alike, whatever the encoding. hono's
 * bodyLimit refuses a declared Content-Length over the cap unread; a chunked body is read up to
 * the cap (never further) and handed on as c.req.raw with that buffered body, which is what
 * the routes and tRPC's fetch adapter then read. Over the cap: 413 in our error shape, and the
 * connection closes (the rest of the body is never read).
 */
export function apiBodyLimit(maxBytes: number = MAX_BODY_BYTES): MiddlewareHandler {
  const message = new PayloadTooLargeError(maxBytes).message;
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      c.body(errorJson("PAYLOAD_TOO_LARGE", message), 413, {
        "Content-Type": JSON_CONTENT_TYPE,
        Connection: "close",
      }),
  });
}
