import { z } from "zod";

/** Outcomes of an audited request (kept in step with @switchyard/audit's AUDIT_OUTCOMES). */
export const AUDIT_OUTCOME_VALUES = ["allowed", "denied_role", "denied_policy", "denied_mfa", "failed"] as const;
const isoTime = z.string().datetime({ offset: true });

const jsonValue: z.ZodType<unknown> = z.unknown();

export const auditEntrySchema = z.object({
  seq: z.number().int().positive(),
  id: z.string(),
  time: z.string(),
  actor: z.object({ type: z.enum(["user", "token", "system", "anonymous"]), id: z.string().nullable(), name: z.string().nullable() }),
  action: z.string(),
  target: z.string().nullable(),
  /** sha256 of the canonical JSON of the redacted input. */
  inputDigest: z.string(),
  /** The input with secrets replaced by "[redacted]". */
  input: jsonValue.nullable(),
  outcome: z.enum(AUDIT_OUTCOME_VALUES),
  reason: z.string().nullable(),
  clientAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  prevHash: z.string(),
  hash: z.string(),
});

export const auditListInputSchema = z
  .object({
    /** Actor id or name (exact). */
    actor: z.string().trim().min(1).max(200).optional(),
    action: z.string().trim().min(1).max(200).optional(),
    /** Part of the target. */
    target: z.string().trim().min(1).max(200).optional(),
    outcome: z.enum(AUDIT_OUTCOME_VALUES).optional(),
    from: isoTime.optional(),
    to: isoTime.optional(),
    cursor: z.string().max(200).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  })
  .strict();

export const auditPageSchema = z.object({ entries: z.array(auditEntrySchema), nextCursor: z.string().nullable() });

export const auditVerifyResultSchema = z.object({
  ok: z.boolean(),
  checkedEntries: z.number().int().nonnegative(),
  lastCheckpoint: z.object({ size: z.number().int(), rootHash: z.string(), time: z.string().nullable() }).nullable(),
  /** The first entry (or checkpoint) that does not verify, and why. */
  firstBad: z
    .object({ id: z.string(), kind: z.enum(["entry", "checkpoint"]), seq: z.number().int().nullable(), reason: z.string() })
    .optional(),
});

export const auditPublicKeySchema = z.object({
  algorithm: z.literal("Ed25519"),
  /** The signed-note key name checkpoints are signed under. */
  name: z.string(),
  keyId: z.string(),
  /** SubjectPublicKeyInfo, PEM. */
  pem: z.string(),
  /** The raw 32-byte key, base64. */
  base64: z.string(),
});
