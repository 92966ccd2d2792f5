import { randomFillSync } from "node:crypto";

let lastMs = -1;
let counter = 0;

/**
 * Random bytes are drawn 4 KiB at a time: one call into the CSPRNG per id costs a few
 * microseconds (the uuid package's v7 spends most of its time there), a slice of a pool
 * almost nothing. Each byte is used once.
 */
const POOL_SIZE = 4_096;
const pool = Buffer.alloc(POOL_SIZE);
let poolOffset = POOL_SIZE;

/**
 * A UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Within this process ids
 * also sort in creation order inside one millisecond (a 12-bit counter in rand_a), so
 * "newest first" by id is exact even for ids made back to back.
 */
export function uuidV7(): string {
  let ms = Date.now();
  if (ms > lastMs) {
    lastMs = ms;
    counter = 0;
  } else if (++counter > 0xfff) {
    lastMs += 1;
    counter = 0;
  }
  ms = lastMs;
  if (poolOffset + 16 > POOL_SIZE) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  // A view, written in place: these 16 bytes are this id's and are never read again.
  const bytes = pool.subarray(poolOffset, (poolOffset += 16));
  bytes.writeUIntBE(ms, 0, 6);
  bytes[6] = 0x70 | (counter >> 8);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
  const hex = bytes.toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
