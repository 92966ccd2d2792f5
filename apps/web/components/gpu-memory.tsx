import type { GpuStatus } from "../lib/gpu-status";
import { formatInt } from "../lib/format";

const STATE_WORDS = { ok: "OK: below the soft limit", soft: "Soft limit passed: batches are smaller", critical: "Critical limit passed: new work is refused" } as const;

/** Process memory against the runner's soft and critical limits (a meter, and the same in words), and GPU memory. */
export function GpuMemory({ memory }: { memory: GpuStatus["health"]["memory"] }) {
  const mb = (n: number): string => `${formatInt(n)} MB`;
  return (
    <div className="space-y-3 text-sm">
      <div className="space-y-1">
        <label htmlFor="gpu-rss-meter" className="font-medium text-slate-900 dark:text-white">
          Process memory
        </label>
        <meter
          id="gpu-rss-meter"
          className="block h-4 w-full"
          min={0}
          max={Math.max(memory.criticalLimitMb, memory.rssMb)}
          low={memory.softLimitMb}
          high={memory.softLimitMb}
          optimum={0}
          value={memory.rssMb}
          aria-describedby="gpu-rss-text"
        >
          {mb(memory.rssMb)}
        </meter>
        <p id="gpu-rss-text" className="text-slate-700 dark:text-slate-200" data-gpu="memory">
          {mb(memory.rssMb)} in use; soft limit {mb(memory.softLimitMb)}, critical limit {mb(memory.criticalLimitMb)}. State: {STATE_WORDS[memory.state]}.
        </p>
      </div>
      <p className="text-slate-700 dark:text-slate-200">
        GPU memory:{" "}
        {memory.gpu.available ? `${mb(memory.gpu.usedMb)} of ${mb(memory.gpu.totalMb)} used` : <span className="break-words">not measured ({memory.gpu.reason})</span>}
      </p>
    </div>
  );
}
