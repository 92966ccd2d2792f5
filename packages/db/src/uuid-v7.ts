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
 * The 16 bytes of a UUIDv7 (RFC 9562): 48-bit Unix milliseconds, then random bits. Within
 * this process ids also sort in creation order inside one millisecond (a 12-bit counter in
 * rand_a), so "newest first" by id is exact even for ids made back to back. The returned
 * view is only valid until the next call.
 */
function uuidV7Bytes(): Buffer {
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
  return bytes;
}

/** A UUIDv7 in its usual 36-character form. */
export function uuidV7(): string {
  const hex = uuidV7Bytes().toString("hex");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * 64 URL-safe characters in ASCII order, so fixed-length strings over them sort like the
 * numbers they encode (base64url's own alphabet does not).
 */
const SORTABLE_ALPHABET = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

/**
 * The same 128 bits as uuidV7(), written as 22 characters of a sortable base-64 alphabet:
 * time-ordered like the UUID, URL-safe, and 14 characters shorter. Task ids use it because
 * the id is part of every Redis key of a job and of every history index entry; the shorter
 * keys cost Redis measurably less per task (queue benchmark).
 */
export function compactUuidV7(): string {
  const b = uuidV7Bytes();
  // 132 bits of output for 128 of input: four leading zero bits, then 6 bits per character.
  let acc = 0;
  let bits = 4;
  let out = "";
  for (let i = 0; i < 16; i++) {
    acc = (acc << 8) | (b[i] ?? 0);
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += SORTABLE_ALPHABET[(acc >> bits) & 63];
    }
    acc &= (1 << bits) - 1;
  }
  return out;
}
