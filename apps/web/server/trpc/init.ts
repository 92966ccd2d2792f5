import { initTRPC } from "@trpc/server";
import type { TokenRecord } from "@switchyard/db";
import type { Platform } from "@switchyard/queue";
import { requirePermission, type Authenticator, type Permission } from "../auth.js";
import { toTrpcError } from "../error-map.js";

export interface TrpcContext {
  platform: Platform;
  auth: Authenticator;
  authorization: string | null;
}

const t = initTRPC.context<TrpcContext>().create();

export const router = t.router;

/** A procedure that needs a token with `permission`; domain errors map through error-map. */
export function authed(permission: Permission) {
  return t.procedure.use(async ({ ctx, next }) => {
    let token: TokenRecord;
    try {
      token = await ctx.auth.fromHeader(ctx.authorization);
      requirePermission(token, permission);
    } catch (err) {
      throw toTrpcError(err);
    }
    return next({ ctx: { ...ctx, token } });
  });
}
