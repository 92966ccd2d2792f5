import type { TaskView } from "@switchyard/shared";
import { formatTime, shortJson } from "./format.js";
import type { Output } from "./output.js";
import type { Cell, Column } from "./table.js";

/** One task, as key: value lines. */
export function printTask(out: Output, t: TaskView): void {
  const s = out.style;
  const pairs: Array<[string, string]> = [
    ["id", t.id],
    ["type", t.type],
    ["status", s.status(t.status)],
    ["pool", t.pool],
    ["priority", t.priority],
    ["attempts", String(t.attempts)],
    ["created", formatTime(t.createdAt)],
    ["started", formatTime(t.startedAt)],
    ["finished", formatTime(t.finishedAt)],
  ];
  if (t.progress) pairs.push(["progress", `${t.progress.percent}%${t.progress.message ? ` ${t.progress.message}` : ""}`]);
  if (t.error) pairs.push(["error", t.error]);
  if (t.payload !== undefined) pairs.push(["payload", shortJson(t.payload, 2_000)]);
  if (t.result !== null && t.result !== undefined) pairs.push(["result", shortJson(t.result, 2_000)]);
  out.fields(pairs);
  if (t.attemptHistory && t.attemptHistory.length > 0) {
    out.line("attempt history:");
    for (const a of t.attemptHistory) {
      out.line(`  run ${a.run} attempt ${a.attempt} at ${formatTime(a.finishedAt)}${a.workerId ? ` on ${a.workerId}` : ""}: ${a.error}`);
    }
  }
}

export const TASK_COLUMNS: Column[] = [
  { header: "ID" },
  { header: "TYPE" },
  { header: "POOL" },
  { header: "PRIORITY" },
  { header: "STATUS" },
  { header: "ATTEMPTS", align: "right" },
  { header: "CREATED" },
  { header: "ERROR", maxWidth: 60 },
];

export function taskRow(out: Output, t: TaskView): Cell[] {
  return [
    t.id,
    t.type,
    t.pool,
    t.priority,
    { text: t.status, style: out.style.status },
    String(t.attempts),
    formatTime(t.createdAt),
    t.error ?? "",
  ];
}

/** The one-line outcome of a finished task, e.g. "completed in 1.20 s". */
export function outcomeLine(out: Output, t: TaskView): string {
  const took = t.finishedAt ? ` ${((Date.parse(t.finishedAt) - Date.parse(t.createdAt)) / 1000).toFixed(2)} s after submission` : "";
  const s = out.style;
  if (t.status === "completed") return `task ${t.id} ${s.status("completed")}${took}; result ${shortJson(t.result, 300)}`;
  const attempts = ` (${t.attempts} attempt${t.attempts === 1 ? "" : "s"})`;
  return `task ${t.id} ${s.status(t.status)}${took}${attempts}${t.error ? `: ${t.error}` : ""}`;
}
