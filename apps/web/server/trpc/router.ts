import { z } from "zod";
import { getTask, listPoolStats, listTasks, submitBulk, submitTask } from "@switchyard/queue";
import { toTrpcError } from "../error-map.js";
import { authed, router } from "./init.js";

/** Wrap a domain call so its typed errors become tRPC errors (one mapping, in error-map). */
async function call<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    throw toTrpcError(err);
  }
}

/** tRPC for the UI: the same domain functions as REST, validated by them. */
export const appRouter = router({
  pools: router({
    list: authed("pools:read").query(({ ctx }) => call(() => listPoolStats(ctx.platform))),
  }),
  tasks: router({
    get: authed("tasks:read")
      .input(z.object({ id: z.string() }))
      .query(({ ctx, input }) => call(() => getTask(ctx.platform, input.id))),
    list: authed("tasks:read")
      .input(z.record(z.string(), z.unknown()).default({}))
      .query(({ ctx, input }) => call(() => listTasks(ctx.platform, input))),
    submit: authed("tasks:submit")
      .input(z.unknown())
      .mutation(({ ctx, input }) => call(() => submitTask(ctx.platform, input))),
    submitBulk: authed("tasks:submit")
      .input(z.unknown())
      .mutation(({ ctx, input }) => call(() => submitBulk(ctx.platform, input))),
  }),
});

export type AppRouter = typeof appRouter;
