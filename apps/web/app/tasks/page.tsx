import type { Metadata } from "next";
import { Suspense } from "react";
import { POOL_NAMES } from "@switchyard/shared/pools";
import { TASK_TYPES } from "@switchyard/shared/task-catalog";
import { TaskExplorerPage } from "../../components/task-explorer-page";

export const metadata: Metadata = { title: "Tasks" };

// The filter choices come from the shared catalog here, on the server, so the task schemas stay
// out of the browser bundle; the filters live in the URL (useSearchParams), so behind Suspense.
export default function Page() {
  return (
    <Suspense fallback={<p className="py-16 text-center text-slate-600 dark:text-slate-300">Loading tasks…</p>}>
      <TaskExplorerPage pools={[...POOL_NAMES]} types={[...TASK_TYPES]} />
    </Suspense>
  );
}
