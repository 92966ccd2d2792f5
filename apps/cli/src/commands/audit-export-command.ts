import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { Readable, Transform, type TransformCallback } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { Command } from "commander";
import { action, type CommandContext } from "../context.js";
import { CliError, EXIT, InterruptedError } from "../exit-codes.js";

interface ExportOptions {
  output?: string;
}

export function registerAuditExport(audit: Command): void {
  audit
    .command("export")
    .description("the whole audit log as JSON Lines: header with the public key, signed checkpoints, entries (GET /api/v1/audit/export; sensitive)")
    .option("-o, --output <file>", "write to this file (else standard output)")
    .addHelpText(
      "after",
      `
Streamed: never held in memory, whatever the log's size. With -o the file appears only once the
whole export has arrived (it is written as FILE.partial first), readable by you alone (0600).
Verify it anywhere with Node and one file, no project code needed:
  node packages/audit/verify-export.mjs FILE [--public-key PEM] [--inclusion SEQ] [--consistency A B]
(see packages/audit/VERIFYING.md; \`switchyard audit public-key\` prints the key to compare).
With -o and --json: {"path","bytes","lines"} on stdout.`,
    )
    .action(action<ExportOptions>(runExport));
}

/** Counts what passes through, unchanged. */
class Counter extends Transform {
  bytes = 0;
  lines = 0;
  override _transform(chunk: Buffer, _enc: BufferEncoding, done: TransformCallback): void {
    this.bytes += chunk.length;
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) this.lines++;
    done(null, chunk);
  }
}

async function runExport(ctx: CommandContext, opts: ExportOptions): Promise<void> {
  const res = await ctx.api.stream("/api/v1/audit/export", "application/x-ndjson");
  if (!res.body) throw new CliError("the server sent no export body", EXIT.failure);
  const source = Readable.fromWeb(res.body as WebReadableStream<Uint8Array>);
  const counter = new Counter();
  if (opts.output === undefined) {
    // stdout is the export itself; it stays open (a pipe reader may want more from us: nothing).
    await copy(ctx, () => pipeline(source, counter, process.stdout, { signal: ctx.signal, end: false }));
    ctx.out.note(`exported ${counter.lines} line(s), ${counter.bytes} bytes`);
    return;
  }
  const path = opts.output;
  const partial = `${path}.partial`;
  try {
    // 0600: the entries name people, addresses and user agents.
    await copy(ctx, () => pipeline(source, counter, createWriteStream(partial, { mode: 0o600 }), { signal: ctx.signal }));
    await rename(partial, path);
  } catch (err) {
    await rm(partial, { force: true });
    throw err;
  }
  if (ctx.json) ctx.out.data({ path, bytes: counter.bytes, lines: counter.lines });
  else ctx.out.line(`audit log exported to ${path}: ${counter.lines} line(s), ${counter.bytes} bytes`);
}

/** Runs the copy; a broken connection or Ctrl-C midway is reported as such, not as a stack trace. */
async function copy(ctx: CommandContext, run: () => Promise<void>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (ctx.signal.aborted) throw new InterruptedError("interrupted; the export is incomplete");
    if (err instanceof CliError) throw err;
    // File system errors carry the failed call (open, write); anything else is the connection.
    if ((err as NodeJS.ErrnoException).syscall) throw new CliError(`cannot write the export: ${(err as Error).message}`, EXIT.failure);
    throw new CliError(`the export broke off before its end: ${(err as Error).message}`, EXIT.unavailable);
  }
}
