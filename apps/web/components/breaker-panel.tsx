import { useId } from "react";
import { parseBreakers, type Breaker } from "../lib/breaker-snapshot";
import { formatClock, formatInt, formatRelative } from "../lib/format";
import { BreakerStateBadge } from "./breaker-state-badge";

const th = "px-2.5 py-2 text-left text-xs font-semibold whitespace-nowrap text-slate-700 dark:text-slate-200";
const td = "px-2.5 py-2.5 align-top text-slate-900 dark:text-slate-100";
const tdNum = `${td} text-right tabular-nums`;

function When({ breaker, now }: { breaker: Breaker; now: number }) {
  const at = breaker.halfOpenAt;
  if (breaker.state === "open" && at !== null) {
    return (
      <>
        Half-open at <time dateTime={new Date(at).toISOString()}>{formatClock(at)}</time>
        <span className="block text-xs text-slate-600 dark:text-slate-300">{formatRelative(at, now)}</span>
      </>
    );
  }
  if (breaker.state === "half-open" && at !== null) {
    return (
      <>
        Probing since <time dateTime={new Date(at).toISOString()}>{formatClock(at)}</time>
      </>
    );
  }
  return <span className="text-slate-600 dark:text-slate-300">Calls pass through</span>;
}

/** One worker process's circuit breakers, one row per dependency. */
export function BreakerPanel(props: { workerId: string; raw: readonly unknown[]; gone: boolean; now: number }) {
  const { breakers, unreadable } = parseBreakers(props.raw);
  const captionId = useId();
  if (breakers.length === 0 && unreadable === 0) {
    return (
      <p className="text-sm text-slate-700 dark:text-slate-200">
        This worker reports no circuit breakers: it calls its dependencies directly.
      </p>
    );
  }
  return (
    <div className="space-y-2">
      {props.gone ? (
        <p className="text-sm text-slate-700 dark:text-slate-200">As last reported, before the worker went silent.</p>
      ) : null}
      <div role="region" aria-labelledby={captionId} tabIndex={0} className="relative overflow-x-auto">
        <table className="min-w-full border-collapse text-sm" data-breakers={props.workerId}>
          <caption id={captionId} className="sr-only">
            Circuit breakers of worker {props.workerId}
          </caption>
          <thead className="border-b border-slate-200 dark:border-slate-700">
            <tr>
              <th scope="col" className={th}>Dependency</th>
              <th scope="col" className={th}>State</th>
              <th scope="col" className={th}>Open window</th>
              <th scope="col" className={`${th} text-right`}>Failures in a row</th>
              <th scope="col" className={`${th} text-right`}>Successes</th>
              <th scope="col" className={`${th} text-right`}>Failures</th>
              <th scope="col" className={`${th} text-right`}>Refused</th>
              <th scope="col" className={th}>Last error</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {breakers.map((b) => (
              <tr key={b.name} data-breaker={b.name}>
                <th scope="row" className={`${td} text-left font-mono text-sm font-semibold`}>
                  {b.name}
                </th>
                <td className={td} data-col="state">
                  <BreakerStateBadge state={b.state} />
                </td>
                <td className={`${td} whitespace-nowrap`}>
                  <When breaker={b} now={props.now} />
                </td>
                <td className={tdNum}>{formatInt(b.consecutiveFailures)}</td>
                <td className={tdNum}>{formatInt(b.successes)}</td>
                <td className={tdNum}>{formatInt(b.failures)}</td>
                <td className={tdNum}>{formatInt(b.rejections)}</td>
                <td className={`${td} max-w-sm break-words`}>
                  {b.lastError ?? <span className="text-slate-600 dark:text-slate-300">None</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {unreadable > 0 ? (
        <p className="text-sm text-slate-700 dark:text-slate-200">
          {formatInt(unreadable)} more {unreadable === 1 ? "breaker" : "breakers"} in a format this dashboard does not know.
        </p>
      ) : null}
    </div>
  );
}
