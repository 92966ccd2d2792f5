import type { GpuStatus } from "../lib/gpu-status";
import { formatInt } from "../lib/format";
import { TableRegion } from "./table-region";
import { sub, tbody, td, th, thead } from "./table-classes";

/** The models the runner serves, with the other names clients may use for them. */
export function GpuModelsTable({ models }: { models: GpuStatus["health"]["models"] }) {
  if (models.length === 0) return <p className="text-sm text-slate-700 dark:text-slate-200">No model is loaded.</p>;
  return (
    <TableRegion captionId="gpu-models-caption" caption="Models the runner serves: task, aliases, dimension and token limit">
      <thead className={thead}>
        <tr>
          <th scope="col" className={th}>Model</th>
          <th scope="col" className={th}>Task</th>
          <th scope="col" className={th}>Aliases</th>
          <th scope="col" className={`${th} text-right`}>Dimension</th>
          <th scope="col" className={`${th} text-right`}>Max tokens</th>
        </tr>
      </thead>
      <tbody className={tbody}>
        {models.map((m) => (
          <tr key={m.id} data-gpu-model={m.id}>
            <th scope="row" className={`${td} text-left font-mono text-xs font-semibold break-all`}>
              {m.id}
            </th>
            <td className={td}>{m.task}</td>
            <td className={td}>{m.aliases.length > 0 ? m.aliases.join(", ") : <span className={sub}>none</span>}</td>
            <td className={`${td} text-right tabular-nums`}>{m.dimension === null ? "—" : formatInt(m.dimension)}</td>
            <td className={`${td} text-right tabular-nums`}>{m.maxTokens === null ? "—" : formatInt(m.maxTokens)}</td>
          </tr>
        ))}
      </tbody>
    </TableRegion>
  );
}
