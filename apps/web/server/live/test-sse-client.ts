import { request, type IncomingMessage } from "node:http";

/** One parsed server-sent event (a frame with data). */
export interface SseMessage {
  event: string;
  id: string | undefined;
  data: string;
}

/**
 * A minimal EventSource for tests (Node has none): reads a text/event-stream response and
 * parses its frames, keeping the events, the comments and the last event id as
 * EventSource would. `ended` resolves when the server ends the stream ("end") or the
 * connection breaks ("error").
 */
export class SseClient {
  readonly messages: SseMessage[] = [];
  readonly comments: string[] = [];
  lastEventId: string | undefined;
  readonly ended: Promise<"end" | "error">;
  private buffer = "";

  private constructor(
    readonly response: IncomingMessage,
    private readonly destroy: () => void,
  ) {
    this.ended = new Promise((resolve) => {
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => this.take(chunk));
      response.on("end", () => resolve("end"));
      response.on("error", () => resolve("error"));
      response.on("aborted", () => resolve("error"));
    });
  }

  /**
   * Opens a stream over node:http (fetch's client keeps an aborted stream's connection open to
   * drain it, which a server-side test cannot tell from a client still listening); a refusal
   * (non-200) comes back with its status and body and no client.
   */
  static async open(
    url: string,
    headers: Record<string, string>,
  ): Promise<{ status: number; body: string; client: SseClient | null; contentType: string | undefined }> {
    const u = new URL(url);
    const req = request({ host: u.hostname, port: u.port, path: u.pathname + u.search, headers: { accept: "text/event-stream", ...headers } });
    req.end();
    const response = await new Promise<IncomingMessage>((resolve, reject) => {
      req.once("response", resolve);
      req.once("error", reject);
    });
    const contentType = response.headers["content-type"];
    if (response.statusCode !== 200) {
      let body = "";
      response.setEncoding("utf8");
      for await (const chunk of response) body += String(chunk);
      return { status: response.statusCode ?? 0, body, client: null, contentType };
    }
    return { status: 200, body: "", client: new SseClient(response, () => req.destroy()), contentType };
  }

  /** Closes the connection, as EventSource.close() does. */
  close(): void {
    this.destroy();
  }

  events(name: string): SseMessage[] {
    return this.messages.filter((m) => m.event === name);
  }

  private take(chunk: string): void {
    this.buffer += chunk;
    let cut: number;
    while ((cut = this.buffer.indexOf("\n\n")) >= 0) {
      this.frame(this.buffer.slice(0, cut));
      this.buffer = this.buffer.slice(cut + 2);
    }
  }

  private frame(block: string): void {
    let event = "message";
    let id: string | undefined;
    const data: string[] = [];
    for (const line of block.split("\n")) {
      if (line.startsWith(":")) this.comments.push(line.slice(1).trim());
      else if (line.startsWith("event: ")) event = line.slice(7);
      else if (line.startsWith("id: ")) id = line.slice(4);
      else if (line.startsWith("data: ")) data.push(line.slice(6));
    }
    if (id !== undefined) this.lastEventId = id;
    if (data.length > 0) this.messages.push({ event, id, data: data.join("\n") });
  }
}
