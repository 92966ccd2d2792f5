import { STATUS_CODES, type Server } from "node:http";
import type { Duplex } from "node:stream";
import { errorJson, JSON_CONTENT_TYPE, type ShellErrorCode } from "./json-error.js";
import { isLingering, lingerThenClose, type LingerLimits } from "./lingering-close.js";
import { securityHeaderLines } from "./security-headers.js";

/** What node's parser and timers report, as our JSON answer (node's own has no body). */
const ANSWERS: Record<string, [number, ShellErrorCode, string]> = {
  HPE_HEADER_OVERFLOW: [431, "HEADERS_TOO_LARGE", "request headers are too large"],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, "PAYLOAD_TOO_LARGE", "chunk extensions are too large"],
  ERR_HTTP_REQUEST_TIMEOUT: [408, "REQUEST_TIMEOUT", "the request did not arrive in time"],
};
const MALFORMED: [number, ShellErrorCode, string] = [400, "BAD_REQUEST", "malformed HTTP request"];

function rawAnswer([status, code, message]: [number, ShellErrorCode, string]): string {
  const body = errorJson(code, message);
  return (
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ""}\r\n` +
    `Content-Type: ${JSON_CONTENT_TYPE}\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    "Connection: close\r\n" +
    securityHeaderLines() +
    `\r\n${body}`
  );
}

/**
 * Node's 'clientError' (a request node's parser cannot read, or one too slow to arrive): answer
 * with our JSON error and Connection: close, then a lingering close, so the client reads the
 * answer instead of a reset. When a response is already being written on the socket
 * (`midResponse`), nothing can go in between: the socket is closed. A handler still waiting for
 * the broken body learns of it when the socket closes; what it writes then goes nowhere.
 */
export function answerClientErrors(server: Server, limits: LingerLimits, midResponse: (socket: Duplex) => boolean): void {
  server.on("clientError", (err: NodeJS.ErrnoException, socket: Duplex) => {
    // Closing already: the parser reports each further chunk (or the client's FIN) again.
    if (isLingering(socket)) return;
    if (err.code === "ECONNRESET" || err.code === "EPIPE" || !socket.writable || midResponse(socket)) {
      socket.destroy();
      return;
    }
    socket.write(rawAnswer(ANSWERS[err.code ?? ""] ?? MALFORMED));
    lingerThenClose(socket, limits);
  });
}
