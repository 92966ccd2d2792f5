import cliProgress from "cli-progress";
import type { Output } from "./output.js";

export interface ProgressInfo {
  status?: string;
  message?: string;
}

/** A progress bar on stderr; plain lines instead where ANSI codes are not wanted. */
export interface ProgressDisplay {
  update(value: number, info?: ProgressInfo): void;
  setTotal(total: number): void;
  stop(): void;
}

export interface ProgressOptions {
  label: string;
  total: number;
  /** Shown after the bar: "percent" (tasks) or "count" (n/total). */
  show: "percent" | "count";
}

/**
 * With ANSI allowed on stderr (a terminal, no NO_COLOR, no --no-color) a live cli-progress bar;
 * otherwise one line per status change, message change or 10 % step, so logs stay readable.
 */
export function createProgress(out: Output, options: ProgressOptions): ProgressDisplay {
  return out.stderrAnsi ? barProgress(out, options) : lineProgress(out, options);
}

function barProgress(out: Output, { label, total, show }: ProgressOptions): ProgressDisplay {
  const amount = show === "percent" ? "{percentage}%" : "{value}/{total}";
  const bar = new cliProgress.SingleBar(
    {
      format: `${label} {bar} ${amount} {status} {message}`,
      stream: process.stderr,
      hideCursor: true,
      clearOnComplete: false,
      barsize: 30,
      etaBuffer: 20,
    },
    cliProgress.Presets.shades_classic,
  );
  let info: Required<ProgressInfo> = { status: "", message: "" };
  bar.start(total, 0, { status: "", message: "" });
  let stopped = false;
  return {
    update(value, next = {}) {
      info = { status: next.status ?? info.status, message: next.message ?? info.message };
      bar.update(value, { status: out.errStyle.status(info.status), message: info.message });
    },
    setTotal(n) {
      bar.setTotal(n);
    },
    stop() {
      if (stopped) return;
      stopped = true;
      bar.stop();
    },
  };
}

function lineProgress(out: Output, { label, total: initialTotal, show }: ProgressOptions): ProgressDisplay {
  let total = initialTotal;
  let last: { bucket: number; status: string; message: string } | null = null;
  let info: Required<ProgressInfo> = { status: "", message: "" };
  return {
    update(value, next = {}) {
      info = { status: next.status ?? info.status, message: next.message ?? info.message };
      const pct = total > 0 ? Math.min(100, Math.floor((value / total) * 100)) : 0;
      const bucket = Math.floor(pct / 10);
      if (last && last.bucket === bucket && last.status === info.status && last.message === info.message) return;
      last = { bucket, status: info.status, message: info.message };
      const amount = show === "percent" ? `${pct}%` : `${value}/${total}`;
      out.note([label, amount, info.status, info.message].filter((s) => s !== "").join(" "));
    },
    setTotal(n) {
      total = n;
    },
    stop() {},
  };
}

/** A one-line "working…" status with a spinner on a terminal; a single line otherwise. */
export function startStatusLine(out: Output, text: string): { stop(): void } {
  if (!out.stderrAnsi) {
    out.note(`${text}…`);
    return { stop() {} };
  }
  const frames = ["|", "/", "-", "\\"];
  let i = 0;
  const stream = process.stderr;
  const draw = (): void => {
    stream.write(`\r${frames[i++ % frames.length]} ${text}…`);
  };
  draw();
  const timer = setInterval(draw, 120);
  return {
    stop() {
      clearInterval(timer);
      stream.write("\r\u001b[2K");
    },
  };
}
