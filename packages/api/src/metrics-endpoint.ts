import type { Registry } from "@switchyard/observability";

/** What GET /metrics serves (metrics-route.ts), and the dedicated scrape token it also accepts. */
export interface MetricsEndpoint {
  registry: Registry;
  /**
   * A dedicated scrape token (METRICS_TOKEN): accepted besides any API token with
   * `pools:read`, so Prometheus needs no platform role.
   */
  token?: string | undefined;
}
