"use client";

import { useEffect, useRef, useState } from "react";
import type uPlot from "uplot";
import "uplot/dist/uPlot.min.css";
import type { ChartData } from "../lib/task-stats";
import { formatClock } from "../lib/format";
import { TableRegion } from "./table-region";
import { tbody, td, th, thead } from "./table-classes";

/** Line colours, each paired with a dash pattern so lines differ without colour too (legend shows both). */
// `stroke` classes repeat the colours for the HTML legend (Tailwind's dark variant follows the system scheme).
const STYLES: ReadonlyArray<{ light: string; dark: string; stroke: string; dash: number[] }> = [
  { light: "#1d4ed8", dark: "#60a5fa", stroke: "stroke-[#1d4ed8] dark:stroke-[#60a5fa]", dash: [] },
  { light: "#b45309", dark: "#fbbf24", stroke: "stroke-[#b45309] dark:stroke-[#fbbf24]", dash: [8, 4] },
  { light: "#047857", dark: "#34d399", stroke: "stroke-[#047857] dark:stroke-[#34d399]", dash: [2, 3] },
  { light: "#7e22ce", dark: "#c084fc", stroke: "stroke-[#7e22ce] dark:stroke-[#c084fc]", dash: [12, 3, 2, 3] },
  { light: "#be123c", dark: "#fb7185", stroke: "stroke-[#be123c] dark:stroke-[#fb7185]", dash: [5, 5] },
  { light: "#334155", dark: "#cbd5e1", stroke: "stroke-[#334155] dark:stroke-[#cbd5e1]", dash: [1, 6] },
];
const styleOf = (i: number) => STYLES[i % STYLES.length] ?? { light: "#1d4ed8", dark: "#60a5fa", stroke: "", dash: [] };

function DashSample({ i }: { i: number }) {
  const s = styleOf(i);
  return (
    <svg width="28" height="8" aria-hidden="true" focusable="false" className="shrink-0">
      <line x1="0" y1="4" x2="28" y2="4" className={s.stroke} strokeWidth="2.5" strokeDasharray={s.dash.join(" ")} />
    </svg>
  );
}

const COUNT_STEPS = [1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 1_000_000];

function prefersDark(): boolean {
  return typeof window !== "undefined" && window.matchMedia("(prefers-color-scheme: dark)").matches;
}

/**
 * A line chart over minutes (uPlot on a canvas), with an HTML legend and, for screen readers and
 * anyone who wants the numbers, the same data as a table in a <details>. The canvas itself is an
 * image named by the chart's title and a one-line summary.
 */
export function TimeSeriesChart(props: {
  id: string;
  title: string;
  unit: string;
  data: ChartData;
  summary: string;
  /** Whole numbers only on the value axis (counts). */
  counts?: boolean;
}) {
  const { id, title, unit, data, summary, counts = false } = props;
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  // The table is built only while its <details> is open: 60 rows per chart stay out of the page until asked for.
  const [tableOpen, setTableOpen] = useState(false);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    let cancelled = false;
    let observer: ResizeObserver | null = null;
    // uPlot touches the DOM when loaded: only in the browser, after mount.
    void import("uplot").then(({ default: UPlot }) => {
      if (cancelled) return;
      const isDark = prefersDark();
      const axis = { stroke: isDark ? "#cbd5e1" : "#334155", grid: { stroke: isDark ? "#334155" : "#e2e8f0", width: 1 }, ticks: { show: false } };
      const opts: uPlot.Options = {
        width: Math.max(el.clientWidth, 200),
        height: 200,
        legend: { show: false },
        cursor: { show: false },
        scales: { x: { time: true }, y: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] } },
        // Counts get whole-number ticks; every line marks its minutes with dots, so a lone minute between empty ones shows.
        axes: [axis, { ...axis, size: 50, ...(counts ? { incrs: COUNT_STEPS } : {}), values: (_u, splits) => splits.map((v) => `${v}`) }],
        series: [{}, ...data.series.map((s, i) => ({ label: s.label, stroke: isDark ? styleOf(i).dark : styleOf(i).light, width: 2, dash: styleOf(i).dash, spanGaps: false, points: { show: true, size: 4 } }))],
      };
      const aligned: uPlot.AlignedData = [data.minutes.map((m) => m / 1_000), ...data.series.map((s) => s.values)];
      chart.current?.destroy();
      chart.current = new UPlot(opts, aligned, el);
      observer = new ResizeObserver(() => chart.current?.setSize({ width: Math.max(el.clientWidth, 200), height: 200 }));
      observer.observe(el);
    });
    return () => {
      cancelled = true;
      observer?.disconnect();
      chart.current?.destroy();
      chart.current = null;
    };
  }, [data, counts]);

  return (
    <figure className="space-y-2" aria-labelledby={`${id}-title`} data-chart={id}>
      <figcaption id={`${id}-title`} className="font-medium text-slate-900 dark:text-white">
        {title} <span className="font-normal text-slate-600 dark:text-slate-300">({unit})</span>
      </figcaption>
      <ul className="flex flex-wrap gap-x-4 gap-y-1 text-xs text-slate-700 dark:text-slate-200" aria-label={`${title}: lines`}>
        {data.series.map((s, i) => (
          <li key={s.label} className="inline-flex items-center gap-1.5">
            <DashSample i={i} />
            {s.label}
          </li>
        ))}
      </ul>
      <div ref={box} role="img" aria-label={`${title}: ${summary}`} className="h-[200px] w-full overflow-hidden" />
      <details className="text-sm" onToggle={(e) => setTableOpen(e.currentTarget.open)}>
        <summary className="cursor-pointer rounded-sm text-blue-800 underline underline-offset-2 dark:text-blue-300">{title}: data table</summary>
        {tableOpen ? (
          <div className="mt-2">
            <TableRegion captionId={`${id}-table-caption`} caption={`${title} per minute (${unit})`}>
              <thead className={thead}>
                <tr>
                  <th scope="col" className={th}>Minute</th>
                  {data.series.map((s) => (
                    <th key={s.label} scope="col" className={`${th} text-right`}>
                      {s.label}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className={tbody}>
                {data.minutes.map((m, row) => (
                  <tr key={m}>
                    <th scope="row" className={`${td} text-left font-normal tabular-nums`}>
                      <time dateTime={new Date(m).toISOString()}>{formatClock(m).slice(0, 5)}</time>
                    </th>
                    {data.series.map((s) => {
                      const v = s.values[row];
                      return (
                        <td key={s.label} className={`${td} text-right tabular-nums`}>
                          {v === null || v === undefined ? "—" : String(Math.round(v))}
                        </td>
                      );
                    })}
                  </tr>
                ))}
              </tbody>
            </TableRegion>
          </div>
        ) : null}
      </details>
    </figure>
  );
}
