import { POOL_NAMES, type PoolName } from "@switchyard/shared/pools";
import { PRIORITIES, type Priority } from "@switchyard/shared/priorities";
import { TASK_STATUSES, type TaskStatus } from "@switchyard/shared/task-status";
import { localDateTimeToIso } from "./dead-letter-filter";

/**
 * The task explorer's filter as the form and the URL hold it (strings, "" = any). `from`/`to`
 * are datetime-local values (the operator's local time) in the form and the URL, sent as ISO;
 * `q` is the text search over id, type, payload, result and error.
 */
export interface TaskFilter {
  status: string;
  type: string;
  pool: string;
  priority: string;
  q: string;
  from: string;
  to: string;
}

export const EMPTY_TASK_FILTER: TaskFilter = { status: "", type: "", pool: "", priority: "", q: "", from: "", to: "" };
const KEYS = Object.keys(EMPTY_TASK_FILTER) as Array<keyof TaskFilter>;

export const TASK_PAGE_SIZES = [10, 25, 50, 100] as const;
export const DEFAULT_TASK_PAGE_SIZE = 25;

/** The filter and the page size of a saved or shared URL. */
export interface TaskView {
  filter: TaskFilter;
  limit: number;
}

function isPool(value: string): value is PoolName {
  return (POOL_NAMES as readonly string[]).includes(value);
}
function isStatus(value: string): value is TaskStatus {
  return (TASK_STATUSES as readonly string[]).includes(value);
}
function isPriority(value: string): value is Priority {
  return (PRIORITIES as readonly string[]).includes(value);
}

/** From the page's query string; unknown keys and values that cannot be sent are dropped. */
export function taskViewFromSearch(params: URLSearchParams): TaskView {
  const f = { ...EMPTY_TASK_FILTER };
  for (const key of KEYS) f[key] = (params.get(key) ?? "").slice(0, 200);
  if (f.status && !isStatus(f.status)) f.status = "";
  if (f.pool && !isPool(f.pool)) f.pool = "";
  if (f.priority && !isPriority(f.priority)) f.priority = "";
  if (f.from && !localDateTimeToIso(f.from)) f.from = "";
  if (f.to && !localDateTimeToIso(f.to)) f.to = "";
  const limit = Number(params.get("limit"));
  return {
    filter: f,
    limit: (TASK_PAGE_SIZES as readonly number[]).includes(limit) ? limit : DEFAULT_TASK_PAGE_SIZE,
  };
}

/** To a query string: only what is set (and a page size other than the default), so the URL stays short. */
export function taskViewToSearch(view: TaskView): string {
  const params = new URLSearchParams();
  for (const key of KEYS) {
    const value = view.filter[key].trim();
    if (value) params.set(key, value);
  }
  if (view.limit !== DEFAULT_TASK_PAGE_SIZE) params.set("limit", String(view.limit));
  const s = params.toString();
  return s ? `?${s}` : "";
}

/** The list-tasks filter fields (and a bulk action's `filter`). */
export interface TaskFilterInput {
  status?: TaskStatus;
  type?: string;
  pool?: PoolName;
  priority?: Priority;
  q?: string;
  from?: string;
  to?: string;
}

export function taskFilterToInput(filter: TaskFilter): TaskFilterInput {
  const type = filter.type.trim();
  // The server wants a letter or digit in `q`; punctuation alone would only earn a 400.
  const q = /[\p{L}\p{N}]/u.test(filter.q) ? filter.q.trim() : "";
  const from = filter.from ? localDateTimeToIso(filter.from) : null;
  const to = filter.to ? localDateTimeToIso(filter.to) : null;
  return {
    ...(isStatus(filter.status) ? { status: filter.status } : {}),
    ...(type ? { type } : {}),
    ...(isPool(filter.pool) ? { pool: filter.pool } : {}),
    ...(isPriority(filter.priority) ? { priority: filter.priority } : {}),
    ...(q ? { q } : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
  };
}

export function isEmptyTaskFilter(filter: TaskFilter): boolean {
  return Object.keys(taskFilterToInput(filter)).length === 0;
}

/** "status queued, pool maintenance, text “timeout”" — for the list heading, confirmations and announcements. */
export function describeTaskFilter(filter: TaskFilter): string {
  const input = taskFilterToInput(filter);
  const parts: string[] = [];
  if (input.status) parts.push(`status ${input.status}`);
  if (input.type) parts.push(`type ${input.type}`);
  if (input.pool) parts.push(`pool ${input.pool}`);
  if (input.priority) parts.push(`priority ${input.priority}`);
  if (input.q) parts.push(`text “${input.q}”`);
  if (input.from) parts.push(`created from ${filter.from.replace("T", " ")}`);
  if (input.to) parts.push(`created to ${filter.to.replace("T", " ")}`);
  return parts.length ? parts.join(", ") : "none";
}

/** A task id as the API accepts one (letters, digits, - and _), or null. */
export function normaliseTaskId(text: string): string | null {
  const id = text.trim();
  return /^[A-Za-z0-9_:-]{1,100}$/.test(id) ? id : null;
}
