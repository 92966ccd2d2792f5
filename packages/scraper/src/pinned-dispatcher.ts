import type { LookupFunction } from "node:net";
import { Agent } from "undici";
import type { CheckedTarget } from "./ssrf-guard.js";

/** Called with the address a socket is about to connect to; throwing refuses the connection. */
export type BeforeConnect = (address: string) => void;

/**
 * An undici dispatcher whose every connection goes to the address the guard checked: its
 * `lookup` never asks DNS again, so the name cannot re-resolve to somewhere else (rebinding).
 * TLS still verifies against the URL's host name (undici sets servername from the URL).
 */
export function pinnedAgent(target: CheckedTarget, beforeConnect?: BeforeConnect): Agent {
  const pinned = target.addresses[0];
  if (!pinned) throw new Error(`no checked address for ${target.host}`);
  const lookup: LookupFunction = (_hostname, options, callback) => {
    try {
      beforeConnect?.(pinned.address);
    } catch (err) {
      callback(err as NodeJS.ErrnoException, "", 0);
      return;
    }
    if (options.all) {
      (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [
        { address: pinned.address, family: pinned.family },
      ]);
    } else {
      callback(null, pinned.address, pinned.family);
    }
  };
  return new Agent({ connect: { lookup }, connections: 4 });
}
