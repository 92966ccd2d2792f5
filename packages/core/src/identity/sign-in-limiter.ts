import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { RateLimitedError } from "@switchyard/shared";

/**
 * Failed sign-ins counted per account and per client address, in Redis (shared by every web
 * process). Unknown emails are counted exactly like known ones, so a lockout tells nothing
 * about whether an account exists.
 */
export class SignInLimiter {
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
    private readonly limits: { perAccount: number; perAddress: number; windowMs: number },
  ) {}

  /** Throws 429 when either counter is at its limit. */
  async check(email: string, address: string): Promise<void> {
    const [account, addr] = await this.redis.mget(this.accountKey(email), this.addressKey(address));
    const over =
      Number(account ?? 0) >= this.limits.perAccount ? this.accountKey(email) : Number(addr ?? 0) >= this.limits.perAddress ? this.addressKey(address) : null;
    if (!over) return;
    const ttl = await this.redis.pttl(over);
    throw new RateLimitedError("too many failed sign-ins; try again later", Math.max(1, Math.ceil((ttl > 0 ? ttl : this.limits.windowMs) / 1000)));
  }

  async recordFailure(email: string, address: string): Promise<void> {
    const tx = this.redis.multi();
    for (const key of [this.accountKey(email), this.addressKey(address)]) {
      tx.incr(key);
      // The window starts at the first failure (NX), so steady guessing cannot keep it open forever... nor shorten it.
      tx.pexpire(key, this.limits.windowMs, "NX");
    }
    await tx.exec();
  }

  /** A successful sign-in clears the account's counter (not the address's). */
  async recordSuccess(email: string): Promise<void> {
    await this.redis.del(this.accountKey(email));
  }

  private accountKey(email: string): string {
    const digest = createHash("sha256").update(email.trim().toLowerCase(), "utf8").digest("hex");
    return `${this.keyPrefix}:acct:${digest}`;
  }

  private addressKey(address: string): string {
    return `${this.keyPrefix}:addr:${address}`;
  }
}
