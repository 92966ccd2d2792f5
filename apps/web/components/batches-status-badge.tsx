import { StatusPill, type PillTone } from "./status-pill";

/** The words a batch's status reads as (colour only repeats them). */
const LABEL: Record<string, string> = {
  running: "Running",
  completed: "Completed",
  failed: "Failed",
  cancelled: "Cancelled",
};

const TONE: Record<string, PillTone> = {
  running: "info",
  completed: "success",
  failed: "danger",
};

export function batchStatusLabel(status: string): string {
  return LABEL[status] ?? status;
}

/** A batch's status as a word, in the same pill as a task's. */
export function BatchesStatusBadge({ status }: { status: string }) {
  return (
    <StatusPill status={status} tone={TONE[status] ?? "neutral"}>
      {batchStatusLabel(status)}
    </StatusPill>
  );
}
