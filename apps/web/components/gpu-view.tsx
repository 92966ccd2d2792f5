"use client";

import { useCallback, useRef, type ReactNode } from "react";
import { throughputBetween, type CounterSnapshot, type GpuStatus, type Throughput } from "../lib/gpu-status";
import { api } from "../lib/trpc-client";
import { usePolling } from "../lib/use-polling";
import { useAuth } from "./auth-provider";
import { GpuBatchSizes } from "./gpu-batch-sizes";
import { GpuLatencyTable } from "./gpu-latency-table";
import { GpuMemory } from "./gpu-memory";
import { GpuModelsTable } from "./gpu-models-table";
import { GpuProviderPanel } from "./gpu-provider-panel";
import { GpuQueueTable } from "./gpu-queue-table";
import { GpuRequests } from "./gpu-requests";
import { Notice } from "./notice";
import { PageHeader } from "./page-header";
import { RefreshState } from "./refresh-state";
import { card, sectionHeading, sectionText } from "./table-classes";

const REFRESH_MS = 3_000;

function Section(props: { id: string; title: string; text?: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${props.id}-heading`} className={`${card} space-y-3`}>
      <div>
        <h2 id={`${props.id}-heading`} className={sectionHeading}>
          {props.title}
        </h2>
        {props.text ? <p className={sectionText}>{props.text}</p> : null}
      </div>
      {props.children}
    </section>
  );
}

/** The GPU runner: provider (and why it fell back), models, queue, batching, latencies, memory, throughput, refusals. */
export function GpuView() {
  const { signOut } = useAuth();
  const onUnauthorized = useCallback(() => signOut("rejected"), [signOut]);
  // The counters of the previous answer: throughput is their change over the time between answers.
  const previous = useRef<CounterSnapshot | null>(null);
  const fetchStatus = useCallback(async (signal: AbortSignal): Promise<{ status: GpuStatus; throughput: Throughput | null }> => {
    const status = await api.gpu.status.query(undefined, { signal });
    if (!status.metrics) return { status, throughput: null };
    const now: CounterSnapshot = { at: Date.now(), rows: status.metrics.rows, completed: status.metrics.completedRequests, uptimeSeconds: status.health.uptimeSeconds };
    const throughput = throughputBetween(previous.current, now);
    previous.current = now;
    return { status, throughput };
  }, []);
  const polled = usePolling({ key: "gpu", fetch: fetchStatus, intervalMs: REFRESH_MS, onUnauthorized });
  const data = polled.data;

  return (
    <div className="space-y-6">
      <PageHeader
        title="GPU runner"
        description="The embedding and inference runner: which execution provider it uses, its models, queue and batching, latencies, memory against its limits, throughput and refusals. Figures count from the runner's start."
        aside={<RefreshState what="GPU runner" everyMs={REFRESH_MS} error={polled.error} paused={polled.paused} updatedAt={polled.updatedAt} />}
      />

      {data === null ? (
        polled.error ? (
          <Notice tone="error">
            <p>
              The GPU runner is not available: {polled.error}. Retrying every {REFRESH_MS / 1_000} seconds.
            </p>
          </Notice>
        ) : (
          <p className="py-8 text-sm text-slate-600 dark:text-slate-300">Loading the GPU runner…</p>
        )
      ) : (
        <>
          <GpuProviderPanel health={data.status.health} />

          <Section id="gpu-models" title="Models" text="Clients name a model by its id or any of its aliases.">
            <GpuModelsTable models={data.status.health.models} />
          </Section>

          <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
            <Section id="gpu-queue" title="Queue">
              <GpuQueueTable queue={data.status.health.queue} batching={data.status.health.batching} />
            </Section>
            <Section id="gpu-memory" title="Memory" text="Above the soft limit the runner makes batches smaller; above the critical limit it refuses new work.">
              <GpuMemory memory={data.status.health.memory} />
            </Section>
          </div>

          {data.status.metrics ? (
            <>
              <Section id="gpu-requests" title="Requests and throughput">
                <GpuRequests metrics={data.status.metrics} throughput={data.throughput} uptimeSeconds={data.status.health.uptimeSeconds} />
              </Section>
              <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
                <Section id="gpu-latency" title="Latencies">
                  <GpuLatencyTable metrics={data.status.metrics} />
                </Section>
                <Section id="gpu-batches" title="Batch sizes" text="How many rows each computed batch carried.">
                  <GpuBatchSizes metrics={data.status.metrics} />
                </Section>
              </div>
            </>
          ) : (
            <Notice>
              <p>Batch sizes, latencies, throughput and refusals are not shown: {data.status.metricsError ?? "the runner's metrics could not be read"}.</p>
            </Notice>
          )}
        </>
      )}
    </div>
  );
}
