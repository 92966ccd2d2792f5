import type { FieldIssue } from "./batch-issues";

/** A URL the form sends, with the textarea line it came from (blank lines are skipped). */
export interface UrlLine {
  line: number;
  url: string;
}

/** The textarea's non-blank lines, trimmed, numbered as the person sees them (from 1). */
export function urlLines(text: string): UrlLine[] {
  return text.split(/\r?\n/).flatMap((raw, i) => {
    const url = raw.trim();
    return url ? [{ line: i + 1, url }] : [];
  });
}

export type ScrapeField = "urls" | "priority" | "collection";

export interface FormProblem {
  field: ScrapeField | null;
  text: string;
}

const shorten = (s: string, max = 120): string => (s.length > max ? `${s.slice(0, max - 1)}…` : s);

/**
 * The API's field issues in the form's words: `urls.3` is the fourth URL sent, which is the
 * textarea line it came from; `ingest.collection` is the collection field.
 */
export function describeIssues(issues: readonly FieldIssue[], lines: readonly UrlLine[]): FormProblem[] {
  return issues.map(({ path, message }) => {
    const url = /^urls\.(\d+)/.exec(path);
    if (url) {
      const sent = lines[Number(url[1])];
      return { field: "urls", text: sent ? `Line ${sent.line} (${shorten(sent.url)}): ${message}` : `URL ${Number(url[1]) + 1}: ${message}` };
    }
    if (path === "urls") return { field: "urls", text: `URLs: ${message}` };
    if (path === "priority") return { field: "priority", text: `Priority: ${message}` };
    if (path === "ingest" || path.startsWith("ingest.")) return { field: "collection", text: `Collection: ${message}` };
    return { field: null, text: path ? `${path}: ${message}` : message };
  });
}
