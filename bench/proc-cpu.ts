/**
 * CPU time from /proc (Linux), for the benchmarks' diagnostics: which process (and which of its
 * threads) used the cores during a measured window. 0 / empty where /proc cannot tell.
 */
import { readdirSync, readFileSync } from "node:fs";

/** CPU seconds (user + system) a process, or one of its threads, has used so far. */
export function cpuSeconds(pid: number | undefined, tid?: string): number {
  if (!pid) return 0;
  try {
    const stat = readFileSync(tid ? `/proc/${pid}/task/${tid}/stat` : `/proc/${pid}/stat`, "utf8");
    // Fields after the command name, which is in parentheses and may hold spaces.
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12])) / 100;
  } catch {
    return 0;
  }
}

/** CPU seconds so far of each thread of a process, by thread id. */
export function threadCpuSeconds(pid: number | undefined): Map<string, number> {
  if (!pid) return new Map();
  try {
    return new Map(readdirSync(`/proc/${pid}/task`).map((tid) => [tid, cpuSeconds(pid, tid)]));
  } catch {
    return new Map();
  }
}

/** Per-thread CPU used since `before`, busiest first, leaving out threads under `minSeconds`. */
export function threadCpuSince(pid: number | undefined, before: Map<string, number>, minSeconds: number): number[] {
  return [...threadCpuSeconds(pid)]
    .map(([tid, c]) => c - (before.get(tid) ?? 0))
    .filter((c) => c >= minSeconds)
    .sort((a, b) => b - a);
}

/**
 * Read and write syscalls (from /proc/PID/io) and context switches (every thread's, from
 * /proc/PID/task/TID/status) a process has made so far. On a virtual machine each costs far
 * more than on bare metal, so the benchmarks print them per task beside CPU time.
 */
export interface SyscallCounts {
  reads: number;
  writes: number;
  switches: number;
}

export function syscallCounts(pid: number | undefined): SyscallCounts {
  const counts: SyscallCounts = { reads: 0, writes: 0, switches: 0 };
  if (!pid) return counts;
  try {
    const io = readFileSync(`/proc/${pid}/io`, "utf8");
    counts.reads = Number(/^syscr: (\d+)/m.exec(io)?.[1] ?? 0);
    counts.writes = Number(/^syscw: (\d+)/m.exec(io)?.[1] ?? 0);
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      const status = readFileSync(`/proc/${pid}/task/${tid}/status`, "utf8");
      for (const m of status.matchAll(/^(?:non)?voluntary_ctxt_switches:\s+(\d+)/gm)) counts.switches += Number(m[1]);
    }
  } catch {
    // A process that exited, or no /proc: zeros.
  }
  return counts;
}
