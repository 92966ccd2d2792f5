/**
 * One line about a child's result for the results table. Known shapes (a scraped page, an
 * embed.texts answer, an ingested document) are summarised; anything else is shown as JSON,
 * truncated. Everything is rendered as text by React, so a page's title cannot inject markup.
 */

const MAX_TEXT = 160;
const MAX_JSON = 200;

const clip = (s: string, max = MAX_TEXT): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

function record(value: unknown): Record<string, unknown> | null {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}

const plural = (n: number, one: string, many: string): string => `${n.toLocaleString("en")} ${n === 1 ? one : many}`;

export function summariseResult(result: unknown): string {
  const r = record(result);
  if (r) {
    // scrape.page: { finalUrl, status, title, … }
    if (typeof r["finalUrl"] === "string" && typeof r["status"] === "number") {
      const title = typeof r["title"] === "string" && r["title"].trim() ? `“${clip(r["title"].trim(), 80)}” · ` : "";
      return `${title}HTTP ${r["status"]} · ${clip(r["finalUrl"])}`;
    }
    // embed.texts: { model, dimension, embeddings }
    if (Array.isArray(r["embeddings"]) && typeof r["dimension"] === "number") {
      const model = typeof r["model"] === "string" ? ` (${clip(r["model"], 60)})` : "";
      return `${plural(r["embeddings"].length, "embedding", "embeddings")} of dimension ${r["dimension"]}${model}`;
    }
    // ingest.document: { documentId, collection, chunks, … }
    if (typeof r["documentId"] === "string" && typeof r["chunks"] === "number") {
      const into = typeof r["collection"] === "string" ? ` in ${clip(r["collection"], 63)}` : "";
      return `Document ${clip(r["documentId"], 80)}${into}: ${plural(r["chunks"], "chunk", "chunks")}`;
    }
  }
  if (result === null || result === undefined) return "No result recorded.";
  let json: string;
  try {
    json = JSON.stringify(result) ?? String(result);
  } catch {
    json = String(result);
  }
  return clip(json, MAX_JSON);
}
