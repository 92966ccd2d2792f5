import { Ajv2020, type ValidateFunction } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";

interface OpenApiDoc {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: unknown }> }> }>>;
}

/**
 * Checks REST responses against the OpenAPI document the server itself serves, so the docs
 * can't drift from the routes: a status the document doesn't list for the route, or a body
 * that doesn't match the listed schema, throws. Used by the platform harness's api().
 */
export class OpenApiConformance {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly routes: Array<{ pattern: RegExp; template: string }>;
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly doc: OpenApiDoc) {
    (addFormats as unknown as (a: Ajv2020) => void)(this.ajv);
    this.ajv.addSchema(doc as object, "openapi");
    this.routes = Object.keys(doc.paths).map((template) => ({
      template,
      pattern: new RegExp(`^${template.replace(/[.*+?^$()|[\]\\]/g, "\\$&").replace(/\\?\{\w+\\?\}/g, "[^/]+")}/?$`),
    }));
  }

  static async fetch(baseUrl: string): Promise<OpenApiConformance> {
    const res = await fetch(`${baseUrl}/api/v1/openapi.json`);
    if (res.status !== 200) throw new Error(`openapi.json answered ${res.status}`);
    return new OpenApiConformance((await res.json()) as OpenApiDoc);
  }

  /** Throws when the response is not what the document says this route answers. */
  async check(method: string, path: string, res: Response): Promise<void> {
    const pathname = new URL(path, "http://x").pathname;
    const route = this.routes.find((r) => r.pattern.test(pathname));
    if (!route) return; // not a documented route (404/405 answers are checked by their own tests)
    const m = method.toLowerCase();
    const op = this.doc.paths[route.template]?.[m];
    if (!op) return; // wrong method: 405, tested elsewhere
    const status = String(res.status);
    const response = op.responses?.[status];
    if (!response) throw new Error(`OpenAPI: ${method} ${route.template} answered ${status}, which the document does not list`);
    const text = await res.clone().text();
    if (!response.content?.["application/json"]) return;
    const body: unknown = JSON.parse(text);
    const pointer = `openapi#/paths/${escape(route.template)}/${m}/responses/${status}/content/application~1json/schema`;
    let validate = this.compiled.get(pointer);
    if (!validate) {
      validate = this.ajv.getSchema(pointer);
      if (!validate) throw new Error(`OpenAPI: no schema at ${pointer}`);
      this.compiled.set(pointer, validate);
    }
    if (!validate(body)) {
      throw new Error(
        `OpenAPI: ${method} ${route.template} ${status} body does not match the document: ${this.ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`,
      );
    }
  }
}

function escape(template: string): string {
  return template.replace(/~/g, "~0").replace(/\//g, "~1");
}
