/**
 * Node flags the launcher starts the apps (web, worker, GPU runner) with (and docker/compose.yaml, and the
 * queue benchmark, so it measures what `npm start` runs).
 *
 * A 64 MiB young generation (V8's default tops out at 16 MiB): both apps allocate in bursts of
 * short-lived objects (a 1,000-task bulk submission, job hashes, history rows), and with the small
 * default those survived a scavenge or two and were copied, and V8's helper threads ran each one.
 * Measured in the queue benchmark on a 2-core VM: web and worker CPU per 20k tasks 0.08-0.1 s lower.
 * The cost is up to 3 x 64 MiB of address space per process, touched only as it is used.
 */
export const APP_NODE_FLAGS: readonly string[] = ["--max-semi-space-size=64"];
