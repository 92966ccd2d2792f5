import { Option, type Command } from "commander";
import { POOL_NAMES, seqSchema, type PoolName, type TaskEvent } from "@switchyard/shared";
import { InvalidArgumentError } from "commander";
import { action, type CommandContext } from "../context.js";
import { InterruptedError, type CliError } from "../exit-codes.js";
import { formatTime } from "../format.js";
import { openLiveSocket, type Target } from "../live-socket.js";

interface TailOptions {
  task?: string;
  pool?: PoolName;
  since?: string;
}

function seqOption(raw: string): string {
  const parsed = seqSchema.safeParse(raw);
  if (!parsed.success) throw new InvalidArgumentError("a sequence number looks like 1700000000000-0.");
  return parsed.data;
}

export function registerTail(program: Command): void {
  program
    .command("tail")
    .description("print live task events, one per line, until Ctrl-C (socket.io)")
    .addOption(new Option("--task <id>", "only this task's events").conflicts("pool"))
    .addOption(new Option("--pool <name>", "only this pool's events (default: every pool)").choices(POOL_NAMES))
    .option("--since <seq>", "first replay the events after this sequence number", seqOption)
    .addHelpText(
      "after",
      `
Each line: time, seq, pool, task id, kind, then progress or error. With --json one event per
line as JSON ({"seq","pool","taskId","kind","at",...}). A dropped connection is resumed from the
last seq seen, so nothing is missed or printed twice. Ctrl-C exits 130.`,
    )
    .action(action<TailOptions>(runTail));
}

function targetsFor(opts: TailOptions): Target[] {
  if (opts.task) return [{ kind: "task", taskId: opts.task }];
  if (opts.pool) return [{ kind: "pool", pool: opts.pool }];
  return POOL_NAMES.map((pool) => ({ kind: "pool" as const, pool }));
}

function eventLine(ctx: CommandContext, ev: TaskEvent): string {
  const parts = [formatTime(ev.at), ev.seq, ev.pool, ev.taskId, ctx.out.style.status(ev.kind)];
  if (ev.progress) parts.push(`${ev.progress.percent}%${ev.progress.message ? ` ${ev.progress.message}` : ""}`);
  if (ev.error) parts.push(`error: ${ev.error}`);
  return parts.join(" ");
}

async function runTail(ctx: CommandContext, opts: TailOptions): Promise<never> {
  const targets = targetsFor(opts);
  await new Promise<never>((_resolve, reject) => {
    let subscribed = 0;
    const stop = (err: CliError): void => {
      ctx.signal.removeEventListener("abort", onAbort);
      live.close();
      reject(err);
    };
    const onAbort = (): void => stop(new InterruptedError("stopped"));
    const live = openLiveSocket({
      url: ctx.conn.url,
      token: ctx.conn.token,
      targets,
      ...(opts.since ? { since: opts.since } : {}),
      onEvent: (ev) => (ctx.json ? ctx.out.data(ev) : ctx.out.line(eventLine(ctx, ev))),
      onSubscribed: (_t, replayed, resumed) => {
        subscribed += 1;
        if (subscribed === targets.length) {
          const what = opts.task ? `task ${opts.task}` : opts.pool ? `pool ${opts.pool}` : "every pool";
          ctx.out.note(`following ${what}${resumed ? ` (replayed ${replayed} missed)` : ""}; Ctrl-C to stop`);
        }
      },
      onNotice: (m) => ctx.out.note(m),
      onFatal: stop,
    });
    ctx.signal.addEventListener("abort", onAbort, { once: true });
    if (ctx.signal.aborted) onAbort();
  });
  throw new Error("unreachable");
}
