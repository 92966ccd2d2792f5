import { describe, expect, it } from "vitest";
import { DEFAULT_BREAKER_CONFIG, parseBreakerConfig } from "./breaker-config.js";

describe("breaker config", () => {
  it("defaults to the seed's thresholds: 5 (chroma 3) failures, 60 s open, 2 successes", () => {
    expect(parseBreakerConfig()).toEqual({
      openai: { failureThreshold: 5, halfOpenAfterMs: 60_000, successThreshold: 2 },
      chroma: { failureThreshold: 3, halfOpenAfterMs: 60_000, successThreshold: 2 },
      browser: { failureThreshold: 5, halfOpenAfterMs: 60_000, successThreshold: 2 },
      "gpu-runner": { failureThreshold: 5, halfOpenAfterMs: 60_000, successThreshold: 2 },
    });
    expect(parseBreakerConfig({})).toEqual(DEFAULT_BREAKER_CONFIG);
  });

  it("applies `all`, then each dependency's own overrides; an undefined value keeps the default", () => {
    const c = parseBreakerConfig({
      all: { halfOpenAfterMs: 250, successThreshold: undefined },
      chroma: { failureThreshold: 7, halfOpenAfterMs: 1_000 },
    });
    expect(c.openai).toEqual({ failureThreshold: 5, halfOpenAfterMs: 250, successThreshold: 2 });
    expect(c.chroma).toEqual({ failureThreshold: 7, halfOpenAfterMs: 1_000, successThreshold: 2 });
  });

  it("rejects unknown dependencies and out-of-range values, naming the field", () => {
    expect(() => parseBreakerConfig({ redis: {} } as never)).toThrow(/redis|Unrecognized/);
    expect(() => parseBreakerConfig({ openai: { failureThreshold: 0 } })).toThrow(/openai\.failureThreshold/);
    expect(() => parseBreakerConfig({ all: { successThreshold: 1.5 } })).toThrow(/all\.successThreshold/);
  });
});
