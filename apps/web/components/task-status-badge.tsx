import { StatusPill, type PillTone } from "./status-pill";

/** The words a task's status reads as; `failed` is what older history rows called dead. */
const LABEL: Record<string, string> = {
  queued: "Queued",
  active: "Running",
  retrying: "Retrying",
  completed: "Completed",
  dead: "Dead",
  failed: "Dead",
  cancelled: "Cancelled",
};

const TONE: Record<string, PillTone> = {
  completed: "success",
  dead: "danger",
  failed: "danger",
  active: "info",
  retrying: "warning",
};

export function taskStatusLabel(status: string): string {
  return LABEL[status] ?? status;
}

/** A task's status as a word (colour only repeats it). */
export function TaskStatusBadge({ status }: { status: string }) {
  return (
    <StatusPill status={status} tone={TONE[status] ?? "neutral"}>
      {taskStatusLabel(status)}
    </StatusPill>
  );
}
