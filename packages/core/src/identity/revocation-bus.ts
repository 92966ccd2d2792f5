import type { Redis } from "ioredis";
import { z } from "zod";

/** What ended: one token, one session, or every session and token of a person. */
export const revocationSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("token"), id: z.string() }),
  z.object({ kind: z.literal("session"), id: z.string() }),
  z.object({ kind: z.literal("user"), id: z.string() }),
]);
export type Revocation = z.infer<typeof revocationSchema>;

/**
 * Revocations reach every web process at once (Redis pub/sub), so caches drop the credential
 * and open sockets that used it are disconnected within the second, wherever they are.
 */
export class RevocationBus {
  private readonly listeners = new Set<(r: Revocation) => void>();
  private subscribed: Promise<unknown> | null = null;

  constructor(
    private readonly publisher: Redis,
    private readonly channel: string,
    /** A connection of its own (subscriber mode); null: this process only publishes. */
    private readonly subscriber: Redis | null,
  ) {}

  /** Starts listening (idempotent); resolves once subscribed. */
  start(): Promise<unknown> {
    if (!this.subscriber) return Promise.resolve();
    this.subscribed ??= (async () => {
      this.subscriber?.on("message", (channel: string, message: string) => {
        if (channel !== this.channel) return;
        let parsed: Revocation;
        try {
          parsed = revocationSchema.parse(JSON.parse(message));
        } catch {
          return;
        }
        this.emitLocal(parsed);
      });
      await this.subscriber?.subscribe(this.channel);
    })();
    return this.subscribed;
  }

  onRevoked(listener: (r: Revocation) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Tells this process at once (before the caller's answer leaves, so the next request already
   * sees it) and the others through Redis; hearing our own message again is harmless.
   */
  async publish(r: Revocation): Promise<void> {
    this.emitLocal(r);
    await this.publisher.publish(this.channel, JSON.stringify(r));
  }

  private emitLocal(r: Revocation): void {
    for (const l of this.listeners) {
      try {
        l(r);
      } catch {
        // One listener's failure must not keep the others from hearing it.
      }
    }
  }
}
