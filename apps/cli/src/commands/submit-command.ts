import { Option, type Command } from "commander";
import { POOL_NAMES, PRIORITIES, submitResponseSchema, type TaskView } from "@switchyard/shared";
import { z } from "zod";
import { action, type CommandContext } from "../context.js";
import { CliError, EXIT } from "../exit-codes.js";
import { intOption, jsonOption, readTextFile } from "../parse-options.js";
import { createProgress } from "../progress-display.js";
import { outcomeLine } from "../task-display.js";
import { waitForTask } from "../wait-for-task.js";

interface SubmitOptions {
  payload?: unknown;
  payloadFile?: string;
  priority?: string;
  pool?: string;
  maxAttempts?: number;
  timeoutMs?: number;
  idempotencyKey?: string;
  wait?: boolean;
}

const submitAnswerSchema = submitResponseSchema.extend({ replayed: z.boolean().optional() });

export function registerSubmit(program: Command): void {
  program
    .command("submit")
    .description("submit a task (POST /api/v1/tasks)")
    .argument("<type>", "task type, e.g. diagnostic.sleep")
    .option("--payload <json>", "the payload as JSON (default {})", jsonOption)
    .addOption(new Option("--payload-file <path>", "read the payload from a JSON file ('-' for stdin)").conflicts("payload"))
    .addOption(new Option("--priority <level>", "priority").choices(PRIORITIES))
    .addOption(new Option("--pool <name>", "pool (diagnostic types only; others run in their own)").choices(POOL_NAMES))
    .option("--max-attempts <n>", "total attempts, at most the pool's retries + 1", intOption(1, 26))
    .option("--timeout-ms <ms>", "per-attempt time limit, at most the pool's", intOption(100))
    .option("--idempotency-key <key>", "a repeat with the same key within 24 h returns the original task")
    .option("--wait", "follow the task live until it finishes; the exit code is its outcome")
    .addHelpText(
      "after",
      `
With --wait: a live progress bar on stderr (socket.io events, resumed after a reconnect, plus a
GET poll as a safety net). Exit code 0 when the task completed, 1 when it ended dead or
cancelled. Ctrl-C stops waiting and exits 130 WITHOUT cancelling the task (use
\`switchyard cancel ID\` for that). With --json the last stdout line is the final task as JSON.

Examples:
  switchyard submit diagnostic.sleep --payload '{"ms":2000}' --priority high --wait
  switchyard submit diagnostic.noop --json | jq -r .id`,
    )
    .action(action<SubmitOptions, [string]>(runSubmit));
}

async function runSubmit(ctx: CommandContext, opts: SubmitOptions, type: string): Promise<number> {
  const payload = opts.payloadFile !== undefined ? readPayloadFile(opts.payloadFile) : opts.payload;
  const body = {
    type,
    ...(payload !== undefined ? { payload } : {}),
    ...(opts.priority ? { priority: opts.priority } : {}),
    ...(opts.pool ? { pool: opts.pool } : {}),
    ...(opts.maxAttempts !== undefined ? { maxAttempts: opts.maxAttempts } : {}),
    ...(opts.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
  };
  const headers = opts.idempotencyKey ? { "idempotency-key": opts.idempotencyKey } : undefined;
  const submitted = await ctx.api.post(submitAnswerSchema, "/api/v1/tasks", body, headers);

  if (!opts.wait) {
    if (ctx.json) ctx.out.data(submitted);
    else {
      ctx.out.line(
        `submitted ${submitted.id}: ${ctx.out.style.status(submitted.status)}, pool ${submitted.pool}, priority ${submitted.priority}` +
          (submitted.replayed ? " (replayed: this idempotency key was used before)" : ""),
      );
    }
    return EXIT.ok;
  }

  ctx.out.note(`submitted ${submitted.id} to pool ${submitted.pool}; waiting (Ctrl-C stops waiting, the task keeps running)`);
  const final = await followTask(ctx, submitted.id);
  if (ctx.json) ctx.out.data(final);
  else ctx.out.line(outcomeLine(ctx.out, final));
  return final.status === "completed" ? EXIT.ok : EXIT.failure;
}

/** Wait for a task with a progress bar on stderr; the final task view. */
export async function followTask(ctx: CommandContext, id: string): Promise<TaskView> {
  const bar = createProgress(ctx.out, { label: `task ${id}`, total: 100, show: "percent" });
  let percent = 0;
  try {
    return await waitForTask({
      api: ctx.api,
      url: ctx.conn.url,
      token: ctx.conn.token,
      taskId: id,
      signal: ctx.signal,
      onTask: (t) => {
        if (t.progress) percent = t.progress.percent;
        if (t.status === "completed") percent = 100;
        const message =
          t.status === "retrying" && t.error ? `attempt ${t.attempts} failed: ${t.error}` : (t.progress?.message ?? "");
        bar.update(percent, { status: t.status, message });
      },
      onEvent: (ev) => {
        if (ev.kind === "progress" && ev.progress) {
          percent = ev.progress.percent;
          bar.update(percent, { status: "active", message: ev.progress.message ?? "" });
        }
      },
      onNotice: (m) => ctx.out.note(m),
    });
  } catch (err) {
    if (ctx.signal.aborted) {
      bar.stop();
      ctx.out.note(`stopped waiting; task ${id} was not cancelled (see: switchyard get ${id})`);
    }
    throw err;
  } finally {
    bar.stop();
  }
}

function readPayloadFile(path: string): unknown {
  let text: string;
  try {
    text = readTextFile(path);
  } catch (err) {
    throw new CliError(`cannot read --payload-file ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`, EXIT.usage);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new CliError(`--payload-file ${path} is not valid JSON: ${(err as Error).message}`, EXIT.usage);
  }
}
