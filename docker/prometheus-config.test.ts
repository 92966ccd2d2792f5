import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import {
  createHttpMetrics,
  createMetricsRegistry,
  createTaskMetrics,
  registerQueueStateMetrics,
} from "@switchyard/observability";
import { createMetrics } from "../apps/gpu-runner/src/metrics.js";
import { promtool } from "../test-support/prometheus.js";

const here = dirname(fileURLToPath(import.meta.url));

/** Every metric family the three processes register (web, worker, GPU runner), with the default metrics. */
function exposedFamilies(): Set<string> {
  const web = createMetricsRegistry();
  registerQueueStateMetrics(web, { read: () => Promise.reject(new Error("not read here")) });
  createHttpMetrics(web, "switchyard");
  const worker = createMetricsRegistry();
  createTaskMetrics(worker);
  const runner = createMetrics();
  return new Set([web, worker, runner.registry].flatMap((r) => r.getMetricsAsArray().map((m) => m.name)));
}

describe("docker/prometheus.yml", () => {
  it("passes promtool check config (with placeholder secret files beside it)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sy-prom-"));
    try {
      copyFileSync(join(here, "prometheus.yml"), join(dir, "prometheus.yml"));
      const config = parse(readFileSync(join(here, "prometheus.yml"), "utf8")) as {
        scrape_configs: Array<{ job_name: string; authorization?: { credentials_file?: string } }>;
      };
      expect(config.scrape_configs.map((s) => s.job_name).sort()).toEqual(["switchyard-gpu-runner", "switchyard-web", "switchyard-worker"]);
      for (const s of config.scrape_configs) {
        // Every /metrics needs a token: each job sends one, from a file (no secret in the config).
        const file = s.authorization?.credentials_file;
        expect(file, s.job_name).toMatch(/^secrets\//);
        mkdirSync(join(dir, dirname(file ?? "")), { recursive: true });
        writeFileSync(join(dir, file ?? ""), "placeholder\n");
      }
      const check = await promtool(["check", "config", join(dir, "prometheus.yml")]);
      expect(check.output).toContain("SUCCESS");
      expect(check.code).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("docker/grafana/switchyard-dashboard.json", () => {
  it("queries only metrics that the processes expose", () => {
    const dashboard = JSON.parse(readFileSync(join(here, "grafana", "switchyard-dashboard.json"), "utf8")) as {
      panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
      templating: { list: Array<{ definition?: string }> };
    };
    const exprs = [
      ...dashboard.panels.flatMap((p) => p.targets.map((t) => t.expr)),
      ...dashboard.templating.list.flatMap((v) => (v.definition ? [v.definition] : [])),
    ];
    expect(dashboard.panels.length).toBeGreaterThan(10);
    const families = exposedFamilies();
    const referenced = new Set<string>();
    for (const expr of exprs) {
      for (const m of expr.matchAll(/\b((?:switchyard|gpu_runner|nodejs|process)_[a-z0-9_]+)\b/g)) referenced.add(m[1] ?? "");
    }
    expect(referenced.size).toBeGreaterThan(20);
    const missing = [...referenced].filter((name) => !families.has(name) && !families.has(name.replace(/_(bucket|count|sum)$/, "")));
    expect(missing).toEqual([]);
  });
});
