/**
 * History rows carry a version so that writes from different processes, flushed
 * in any order, converge on the latest state: the database keeps the row with the
 * highest version. attempt n: active = 10n+1, finished = 10n+2, waiting to retry = 10n+3.
 */
export const VERSION_QUEUED = 0;
export const VERSION_CANCELLED = 1_000_000_000;

export function versionActive(attempt: number): number {
  return attempt * 10 + 1;
}
export function versionFinished(attempt: number): number {
  return attempt * 10 + 2;
}
export function versionRetrying(attempt: number): number {
  return attempt * 10 + 3;
}
