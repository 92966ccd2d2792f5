import type { Metadata } from "next";
import { POOL_NAMES } from "@switchyard/shared/pools";
import { TASK_TYPES } from "@switchyard/shared/task-catalog";
import { DeadLettersPage } from "../../components/dead-letters-page";

export const metadata: Metadata = { title: "Dead letters" };

// The filter choices come from the shared catalog here, on the server, so the task schemas
// behind them stay out of the browser bundle.
export default function Page() {
  return <DeadLettersPage pools={[...POOL_NAMES]} types={[...TASK_TYPES]} />;
}
