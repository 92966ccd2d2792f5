import type { GpuStatus } from "../lib/gpu-status";
import { formatDuration } from "../lib/format";
import { Notice } from "./notice";
import { card, sectionHeading } from "./table-classes";

const STATUS_WORDS: Record<GpuStatus["health"]["status"], string> = {
  starting: "Starting",
  ok: "OK",
  degraded: "Degraded (memory pressure)",
  draining: "Draining (not accepting work)",
  closed: "Closed",
};

/** Which execution provider runs the models, and a warning in words when CUDA was asked for but not used. */
export function GpuProviderPanel({ health }: { health: GpuStatus["health"] }) {
  const { provider } = health;
  return (
    <section aria-labelledby="gpu-provider-heading" className={`${card} space-y-4`}>
      <h2 id="gpu-provider-heading" className={sectionHeading}>
        Execution provider
      </h2>
      <dl className="grid grid-cols-1 gap-x-8 gap-y-3 text-sm sm:grid-cols-2 lg:grid-cols-4">
        <div>
          <dt className="text-slate-600 dark:text-slate-300">Running on</dt>
          <dd className="text-lg font-semibold text-slate-900 dark:text-white" data-gpu="provider">
            {provider.active.toUpperCase()}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600 dark:text-slate-300">Requested</dt>
          <dd className="font-medium text-slate-900 dark:text-white">{provider.requested.toUpperCase()}</dd>
        </div>
        <div>
          <dt className="text-slate-600 dark:text-slate-300">Runner status</dt>
          <dd className="font-medium text-slate-900 dark:text-white" data-gpu="status">
            {STATUS_WORDS[health.status]}
          </dd>
        </div>
        <div>
          <dt className="text-slate-600 dark:text-slate-300">Up for</dt>
          <dd className="font-medium text-slate-900 dark:text-white">{formatDuration(health.uptimeSeconds * 1_000)}</dd>
        </div>
      </dl>
      {/* An alert, so the fallback is announced when it appears; words first, colour second. */}
      <div role="alert" data-gpu="fallback">
        {provider.fallback ? (
          <Notice tone="warning">
            <p className="font-semibold">
              Warning: fell back to CPU — {provider.requested === "auto" ? "CUDA was preferred (auto)" : `${provider.requested.toUpperCase()} was requested`} but is not in use.
            </p>
            <p className="mt-1 break-words">Reason: {provider.fallbackReason ?? "the runner gave no reason"}</p>
          </Notice>
        ) : null}
      </div>
      {health.failedModels.length > 0 ? (
        <Notice tone="error">
          <p className="font-semibold">Models that failed to load:</p>
          <ul className="mt-1 list-disc pl-5">
            {health.failedModels.map((f) => (
              <li key={f.model} className="break-words">
                {f.model}: {f.error}
              </li>
            ))}
          </ul>
        </Notice>
      ) : null}
    </section>
  );
}
