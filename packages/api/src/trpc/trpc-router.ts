import { initTRPC, type TRPCMutationProcedure, type TRPCQueryProcedure } from "@trpc/server";
import { ZodError, type z } from "zod";
import type { AnyOperation, Operations } from "@switchyard/core";
import { AppError, fromZodIssues } from "@switchyard/shared";
import { authorize, type Admitted } from "../admission.js";
import { toTrpcError } from "../error-map.js";
import { auditRefusal, runOperation } from "../run-operation.js";
import type { TrpcContext } from "./trpc-context.js";

// isDev false: no stack traces in error bodies in any mode. Validation errors carry the same
// field issues as REST's 400 (data.issues), and their message names the fields.
const t = initTRPC.context<TrpcContext>().create({
  isDev: false,
  errorFormatter({ shape, error }) {
    const data: Omit<typeof shape.data, "stack"> & { stack?: string } = { ...shape.data };
    delete data.stack;
    if (error.cause instanceof ZodError) {
      const validation = fromZodIssues(error.cause.issues);
      return { ...shape, message: validation.message, data: { ...data, issues: validation.issues } };
    }
    // The application's own code (MFA_REQUIRED, CSRF_FAILED, …) beside tRPC's, so clients can tell them apart.
    const appCode = error.cause instanceof AppError ? error.cause.code : undefined;
    return { ...shape, data: { ...data, ...(appCode ? { appCode } : {}) } };
  },
});

type ProcedureOf<Op> = Op extends AnyOperation
  ? Op["kind"] extends "query"
    ? TRPCQueryProcedure<{ input: z.input<Op["input"]>; output: z.output<Op["output"]>; meta: object }>
    : TRPCMutationProcedure<{ input: z.input<Op["input"]>; output: z.output<Op["output"]>; meta: object }>
  : never;

type GroupOf<P> = P extends `${infer G}.${string}` ? G : never;
type Groups = GroupOf<Operations[number]["trpc"]>;

/** The router's shape, derived from the registry: { tasks: { list, submit, … }, pools: { … } }. */
export type RegistryRecord = {
  [G in Groups]: {
    [Op in Operations[number] as Op["trpc"] extends `${G}.${infer N}` ? N : never]: ProcedureOf<Op>;
  };
};

/** One procedure per operation: authorize, validate the input with its schema, run (and audit) through runOperation, map errors. */
function procedureFor(op: AnyOperation) {
  // Authorize before the input is parsed: a caller without the permission learns nothing from validation.
  const base = t.procedure
    .use(async ({ ctx, next, getRawInput }) => {
      let admitted: Admitted;
      try {
        admitted = authorize(op, ctx.presented, ctx.deps, ctx.csrf);
      } catch (err) {
        const raw: unknown = await getRawInput().catch(() => undefined);
        await auditRefusal(ctx.deps, op, ctx.presented, ctx.request, err, raw);
        throw toTrpcError(err);
      }
      return next({ ctx: { admitted } });
    })
    .input(op.input);
  const resolve = async ({ ctx, input }: { ctx: TrpcContext & { admitted: Admitted }; input: unknown }) => {
    try {
      const session = ctx.sessionFor(ctx.admitted);
      const output = await runOperation(op, ctx.deps, { admitted: ctx.admitted, request: ctx.request, session }, input);
      if (!op.streamed) return output;
      // tRPC answers in one JSON document: a streamed output is joined.
      let text = "";
      for await (const line of output as AsyncIterable<string>) text += line;
      return text;
    } catch (err) {
      throw toTrpcError(err);
    }
  };
  return op.kind === "query" ? base.query(resolve) : base.mutation(resolve);
}

/** The tRPC router generated from the registry, typed from it (procedure paths are each operation's `trpc`). */
export function createTrpcRouter(operations: Operations) {
  const groups: Record<string, Record<string, ReturnType<typeof procedureFor>>> = {};
  for (const op of operations as readonly AnyOperation[]) {
    const [group, name] = op.trpc.split(".") as [string, string];
    (groups[group] ??= {})[name] = procedureFor(op);
  }
  const record = Object.fromEntries(Object.entries(groups).map(([g, procs]) => [g, t.router(procs)]));
  // The runtime record is built from the same list the type is derived from.
  return t.router(record) as unknown as ReturnType<typeof t.router<RegistryRecord>>;
}

export type AppRouter = ReturnType<typeof createTrpcRouter>;
