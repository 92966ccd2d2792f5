import type { TaskHandler } from "@switchyard/queue";

export const diagnosticNoop: TaskHandler<"diagnostic.noop"> = async () => ({ ok: true as const });
