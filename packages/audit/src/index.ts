export * from "./audit-entry.js";
export { AuditIntegrityError, AuditLog, auditInputSchema, type AuditInput, type AuditLogOptions } from "./audit-log.js";
export { DEFAULT_AUDIT_KEY_NAME, loadOrCreateAuditKey, type AuditKey } from "./audit-key.js";
export * from "./integrity.js";
export { REDACTED, redactInput } from "./redact-input.js";
export { verifyAuditLog, type VerifyAuditLogOptions } from "./verify-audit-log.js";
