import { AUDIT_OUTCOME_VALUES } from "@switchyard/shared/audit-api";
import { localDateTimeToIso } from "./dead-letter-filter";

export type AuditOutcome = (typeof AUDIT_OUTCOME_VALUES)[number];

/**
 * The audit filter as the form and the URL hold it (strings, "" = any). `from`/`to` are
 * datetime-local values (the reviewer's local time) in the form and in the URL, sent as ISO.
 */
export interface AuditFilter {
  actor: string;
  action: string;
  target: string;
  outcome: string;
  from: string;
  to: string;
}

export const EMPTY_AUDIT_FILTER: AuditFilter = { actor: "", action: "", target: "", outcome: "", from: "", to: "" };
const KEYS = Object.keys(EMPTY_AUDIT_FILTER) as Array<keyof AuditFilter>;

export function isAuditOutcome(value: string): value is AuditOutcome {
  return (AUDIT_OUTCOME_VALUES as readonly string[]).includes(value);
}

/** From the page's query string; unknown keys and bad values are ignored. */
export function filterFromSearch(params: URLSearchParams): AuditFilter {
  const f = { ...EMPTY_AUDIT_FILTER };
  for (const key of KEYS) f[key] = (params.get(key) ?? "").slice(0, 200);
  if (f.outcome && !isAuditOutcome(f.outcome)) f.outcome = "";
  return f;
}

/** To a query string: only the fields that are set, so the URL stays short and shareable. */
export function filterToSearch(filter: AuditFilter): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = filter[key].trim();
    if (value) params.set(key, value);
  }
  const s = params.toString();
  return s ? `?${s}` : "";
}

export interface AuditListInput {
  actor?: string;
  action?: string;
  target?: string;
  outcome?: AuditOutcome;
  from?: string;
  to?: string;
}

export function filterToInput(filter: AuditFilter): AuditListInput {
  const actor = filter.actor.trim();
  const action = filter.action.trim();
  const target = filter.target.trim();
  const from = filter.from ? localDateTimeToIso(filter.from) : null;
  const to = filter.to ? localDateTimeToIso(filter.to) : null;
  return {
    ...(actor ? { actor } : {}),
    ...(action ? { action } : {}),
    ...(target ? { target } : {}),
    ...(isAuditOutcome(filter.outcome) ? { outcome: filter.outcome } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

export function describeAuditFilter(filter: AuditFilter): string {
  const input = filterToInput(filter);
  const parts: string[] = [];
  if (input.actor) parts.push(`actor ${input.actor}`);
  if (input.action) parts.push(`action ${input.action}`);
  if (input.target) parts.push(`target containing “${input.target}”`);
  if (input.outcome) parts.push(`outcome ${input.outcome}`);
  if (input.from) parts.push(`from ${filter.from.replace("T", " ")}`);
  if (input.to) parts.push(`to ${filter.to.replace("T", " ")}`);
  return parts.length ? parts.join(", ") : "none";
}
