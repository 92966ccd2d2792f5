/**
 * The bridge between the tRPC client (which sees a refused sensitive operation) and the step-up
 * dialog (which asks the person for a second-factor code). The dialog registers itself; the
 * client awaits `requestStepUp()` and retries the operation when it resolves true.
 */
export type StepUpHandler = () => Promise<boolean>;

let handler: StepUpHandler | null = null;
// Several refused calls at once (a tRPC batch) share one dialog.
let pending: Promise<boolean> | null = null;

export function setStepUpHandler(next: StepUpHandler | null): void {
  handler = next;
}

/** Ask for a second factor; false when nobody can ask (no dialog mounted) or the person cancelled. */
export function requestStepUp(): Promise<boolean> {
  if (!handler) return Promise.resolve(false);
  pending ??= handler().finally(() => {
    pending = null;
  });
  return pending;
}
