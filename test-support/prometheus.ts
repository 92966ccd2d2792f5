import { spawn } from "node:child_process";

/**
 * Runs Debian's promtool (scripts/ensure-system.sh promtool) with `args`, feeding `stdin`.
 * Resolves with its exit code and everything it printed.
 */
export function promtool(args: string[], stdin?: string): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn("promtool", args, { stdio: ["pipe", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.once("error", reject);
    child.once("close", (code) => resolve({ code: code ?? -1, output }));
    child.stdin.end(stdin ?? "");
  });
}

/** `promtool check metrics` over a /metrics body: exit 0 and no lint findings means clean. */
export function checkMetrics(text: string): Promise<{ code: number; output: string }> {
  return promtool(["check", "metrics"], text);
}

/**
 * The value of one sample in Prometheus text format, `name{labels}` with exactly these labels
 * (any order), or undefined when the series is absent.
 */
export function sampleValue(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
  const want = Object.entries(labels)
    .map(([k, v]) => `${k}="${v}"`)
    .sort()
    .join(",");
  for (const line of text.split("\n")) {
    if (line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)/.exec(line);
    if (!m || m[1] !== name) continue;
    const got = (m[2] ?? "")
      .split(/,(?=[a-zA-Z_][a-zA-Z0-9_]*=")/)
      .filter(Boolean)
      .sort()
      .join(",");
    if (got === want) return Number(m[3]);
  }
  return undefined;
}

/** Every metric family named by a `# TYPE` line. */
export function metricFamilies(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) out.set(m[1] ?? "", m[2] ?? "");
  return out;
}
