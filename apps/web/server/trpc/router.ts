import { z } from "zod";
import {
  cancelTask,
  getTask,
  listCircuitBreakers,
  listDeadLetters,
  listPoolStats,
  listTasks,
  listWorkers,
  patchPool,
  redriveDeadLetters,
  retryTask,
  submitBulk,
  submitTask,
} from "@switchyard/queue";
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
    patch: authed("pools:write")
      .input(z.object({ name: z.string(), patch: z.unknown() }))
      .mutation(({ ctx, input }) => call(() => patchPool(ctx.platform, input.name, input.patch))),
  }),
  workers: router({
    list: authed("pools:read").query(({ ctx }) => call(() => listWorkers(ctx.platform.redis, ctx.platform.prefix))),
    breakers: authed("pools:read").query(({ ctx }) => call(() => listCircuitBreakers(ctx.platform))),
  }),
  deadLetters: router({
    list: authed("tasks:read")
      .input(z.record(z.string(), z.unknown()).default({}))
      .query(({ ctx, input }) => call(() => listDeadLetters(ctx.platform, input))),
    redrive: authed("tasks:control")
      .input(z.unknown())
      .mutation(({ ctx, input }) => call(() => redriveDeadLetters(ctx.platform, input))),
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
      .mutation(({ ctx, input }) => call(() => submitTask(ctx.platform, input, { scope: ctx.token.id }))),
    submitBulk: authed("tasks:submit")
      .input(z.unknown())
      .mutation(({ ctx, input }) => call(() => submitBulk(ctx.platform, input, { scope: ctx.token.id }))),
    cancel: authed("tasks:control")
      .input(z.object({ id: z.string() }))
      .mutation(({ ctx, input }) => call(() => cancelTask(ctx.platform, input.id, `token ${ctx.token.name}`))),
    retry: authed("tasks:control")
      .input(z.object({ id: z.string() }))
      .mutation(({ ctx, input }) => call(() => retryTask(ctx.platform, input.id))),
  }),
});

export type AppRouter = typeof appRouter;
