/** Exit codes, stable for scripts (also listed in `switchyard --help`). */
export const EXIT = {
  ok: 0,
  /** Something failed: a task ended dead or cancelled, a load test failed, a conflict, a server error. */
  failure: 1,
  /** Bad usage: unknown option, bad value, a request the API rejected as invalid (400, 413). */
  usage: 2,
  /** Authentication or permission: 401, 403. */
  auth: 3,
  /** Not found: 404. */
  notFound: 4,
  /** Rate limited (429), unavailable (502/503/504), or the server could not be reached. */
  unavailable: 5,
  /** The audit log does not verify: an entry or checkpoint was changed, removed, inserted or reordered. */
  integrity: 6,
  /** Interrupted with Ctrl-C. */
  interrupted: 130,
} as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export const EXIT_CODES_HELP = `Exit codes:
  0    success (for --wait: the task completed)
  1    failure: the task ended dead or cancelled, a load test failed, a conflict (409) or a server error
  2    usage: bad option or value, or the API rejected the request as invalid (400, 413)
  3    authentication or permission refused (401, 403)
  4    not found (404)
  5    rate limited (429), unavailable (502, 503, 504) or the server could not be reached
  6    audit verify: the audit log does not verify (the first bad entry is named)
  130  interrupted (Ctrl-C)`;

/** An error the CLI reports on stderr and turns into an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
    /** Extra lines printed under the message (e.g. one per field issue). */
    readonly details: readonly string[] = [],
  ) {
    super(message);
    this.name = "CliError";
  }
}

export class InterruptedError extends CliError {
  constructor(message = "interrupted") {
    super(message, EXIT.interrupted);
    this.name = "InterruptedError";
  }
}

/** The exit code for an HTTP error status. */
export function exitCodeForStatus(status: number): number {
  if (status === 400 || status === 413 || status === 422) return EXIT.usage;
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  if (status === 429 || status === 502 || status === 503 || status === 504) return EXIT.unavailable;
  return EXIT.failure;
}
