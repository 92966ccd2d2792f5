import type { Context } from "hono";
import { MAX_BODY_BYTES, PayloadTooLargeError, ValidationError } from "@switchyard/shared";

/**
 * Read a JSON body with a hard size cap. A declared Content-Length over the cap is refused
 * before reading; a body that streams past it is cut off at the cap. An absent or empty body
 * is undefined: the operation's schema then says what is missing.
 */
export async function readJsonBody(c: Context): Promise<unknown> {
  const declared = Number(c.req.header("content-length") ?? "0");
  if (declared > MAX_BODY_BYTES) throw new PayloadTooLargeError(MAX_BODY_BYTES);
  const body = c.req.raw.body;
  if (!body) return undefined;
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_BODY_BYTES) {
      await reader.cancel().catch(() => undefined);
      throw new PayloadTooLargeError(MAX_BODY_BYTES);
    }
    chunks.push(value);
  }
  const text = Buffer.concat(chunks).toString("utf8");
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ValidationError([
      { path: "", message: `malformed JSON: ${err instanceof Error ? err.message.slice(0, 200) : "parse error"}` },
    ]);
  }
}
