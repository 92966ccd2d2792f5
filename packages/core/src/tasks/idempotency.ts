import { createHash, randomUUID } from "node:crypto";
import type { Redis } from "ioredis";
import { ConflictError, IDEMPOTENCY_TTL_SECONDS } from "@switchyard/shared";
import { globalKey } from "@switchyard/queue";

export interface IdempotencyRequest {
  key: string;
  /** Who is asking (the token's id): one client's keys never collide with another's. */
  scope: string;
  /** A hash of the request body: the same key with a different body is a client bug. */
  fingerprint: string;
}

interface Stored<T> {
  state: "pending" | "done";
  owner?: string;
  fingerprint: string;
  value?: T;
}

const POLL_MS = 20;
const WAIT_FOR_PENDING_MS = 30_000;

export function fingerprintOf(value: unknown): string {
  return createHash("sha256").update(JSON.stringify(value) ?? "").digest("hex");
}

function keyFor(prefix: string, req: IdempotencyRequest): string {
  const digest = createHash("sha256").update(`${req.scope}\u0000${req.key}`).digest("hex");
  return globalKey(prefix, `idem:${digest}`);
}

// Deletes the claim only while it is still ours and pending, so a late failure can't erase a finished answer.
const RELEASE_SCRIPT = `
local v = redis.call('GET', KEYS[1])
if v and string.find(v, ARGV[1], 1, true) and string.find(v, '"state":"pending"', 1, true) then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/**
 * Runs `create` at most once per (scope, key) within 24 h. The first caller claims the key
 * with SET NX (atomic, so concurrent repeats cannot both win); the others wait for its
 * answer and get the same value back, `replayed: true`. If the first caller fails, the
 * claim is released and a waiting repeat takes over.
 */
export async function withIdempotency<T>(
  redis: Redis,
  prefix: string,
  req: IdempotencyRequest,
  create: () => Promise<T>,
): Promise<{ value: T; replayed: boolean }> {
  const key = keyFor(prefix, req);
  const owner = randomUUID();
  const deadline = Date.now() + WAIT_FOR_PENDING_MS;
  for (;;) {
    const claim: Stored<T> = { state: "pending", owner, fingerprint: req.fingerprint };
    const won = await redis.set(key, JSON.stringify(claim), "EX", IDEMPOTENCY_TTL_SECONDS, "NX");
    if (won === "OK") {
      let value: T;
      try {
        value = await create();
      } catch (err) {
        await redis.eval(RELEASE_SCRIPT, 1, key, owner).catch(() => undefined);
        throw err;
      }
      const done: Stored<T> = { state: "done", fingerprint: req.fingerprint, value };
      await redis.set(key, JSON.stringify(done), "EX", IDEMPOTENCY_TTL_SECONDS);
      return { value, replayed: false };
    }
    const raw = await redis.get(key);
    if (raw === null) continue; // released by a failed first caller: try to claim it ourselves
    const stored = JSON.parse(raw) as Stored<T>;
    if (stored.fingerprint !== req.fingerprint) {
      throw new ConflictError("Idempotency-Key was already used with a different request body");
    }
    if (stored.state === "done" && stored.value !== undefined) return { value: stored.value, replayed: true };
    if (Date.now() > deadline) {
      throw new ConflictError("a request with this Idempotency-Key is still being processed; retry later");
    }
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
}
