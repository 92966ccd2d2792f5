import type { z } from "zod";
import type { auditEntrySchema } from "@switchyard/shared";

type AuditActor = z.infer<typeof auditEntrySchema>["actor"];

/** "token tok_1 (ci deploys)", "user u_1 (Ana)", "anonymous". */
export function actorText(a: AuditActor): string {
  const who = [a.id, a.name ? `(${a.name})` : null].filter(Boolean).join(" ");
  return who ? `${a.type} ${who}` : a.type;
}
