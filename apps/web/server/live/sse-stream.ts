const encoder = new TextEncoder();

/** One server-sent event; `data` must be one line (JSON is). */
export interface SseFrame {
  event?: string;
  id?: string;
  data: string;
}

/**
 * The body of one text/event-stream response: frames are queued as they are sent and read by
 * the HTTP server as the client takes them. A client that stops reading is not buffered for
 * without bound: past `maxQueued` frames the stream ends (the client resumes with Last-Event-ID).
 * `onGone` runs once when the client cancels (disconnects) or the stream ends.
 */
export class SseStream {
  readonly body: ReadableStream<Uint8Array>;
  private controller!: ReadableStreamDefaultController<Uint8Array>;
  private closed = false;

  constructor(
    private readonly maxQueued: number,
    private readonly onGone: () => void,
  ) {
    this.body = new ReadableStream<Uint8Array>({
      // Called synchronously by the constructor, so frames can be queued before the response leaves.
      start: (controller) => {
        this.controller = controller;
      },
      cancel: () => {
        this.closed = true;
        this.onGone();
      },
    });
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(frame: SseFrame): void {
    let text = "";
    if (frame.event) text += `event: ${frame.event}\n`;
    if (frame.id) text += `id: ${frame.id}\n`;
    this.write(`${text}data: ${frame.data}\n\n`);
  }

  /** Sets the client's last event id without an event (EventSource dispatches nothing for a frame without data). */
  idOnly(id: string): void {
    this.write(`id: ${id}\n\n`);
  }

  /** A comment line: ignored by clients, keeps the connection visibly alive. */
  comment(text: string): void {
    this.write(`: ${text}\n\n`);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.controller.close();
  }

  private write(text: string): void {
    if (this.closed) return;
    this.controller.enqueue(encoder.encode(text));
    // desiredSize goes below zero by the number of frames the client has not taken yet.
    if ((this.controller.desiredSize ?? 0) < -this.maxQueued) this.close();
  }
}
