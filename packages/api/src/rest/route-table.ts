import type { AnyOperation, HttpMethod } from "@switchyard/core";

/** "/tasks/{id}" → "/tasks/:id" (hono's syntax). */
export function honoPath(template: string): string {
  return template.replace(/\{(\w+)\}/g, ":$1");
}

interface PathMethods {
  pattern: RegExp;
  methods: HttpMethod[];
}

/** The methods each REST path answers, to tell a wrong method (405 + Allow) from an unknown path (404). */
export class RouteTable {
  private readonly paths: PathMethods[] = [];

  constructor(base: string, operations: readonly AnyOperation[]) {
    const byTemplate = new Map<string, HttpMethod[]>();
    for (const op of operations) {
      const list = byTemplate.get(op.rest.path) ?? [];
      list.push(op.rest.method);
      byTemplate.set(op.rest.path, list);
    }
    for (const [template, methods] of byTemplate) {
      const source = template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{\w+\}/g, "[^/]+");
      this.paths.push({ pattern: new RegExp(`^${base}${source}/?$`), methods });
    }
  }

  /** The methods a path answers (HEAD with GET), or null when no route has this path. */
  allowed(path: string): string[] | null {
    const hit = this.paths.find((p) => p.pattern.test(path));
    if (!hit) return null;
    const methods = hit.methods.map((m) => m.toUpperCase());
    if (methods.includes("GET")) methods.push("HEAD");
    return methods;
  }
}
