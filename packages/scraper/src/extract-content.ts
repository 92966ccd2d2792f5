import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";

export interface ExtractedContent {
  title: string;
  /** The main text (readability), or the whole body's text when readability finds no article. */
  text: string;
  excerpt: string | null;
}

/** Main text of an HTML document: @mozilla/readability over a linkedom DOM (no browser needed). */
// linkedom's DOM typed by what is read here (its own types vary with the lib settings in scope).
interface ParsedHtml {
  document: { title: string; body: { textContent: string | null } | null };
}
type ReadabilityDocument = ConstructorParameters<typeof Readability>[0];

export function extractContent(html: string, fallbackTitle = ""): ExtractedContent {
  const { document } = parseHTML(html) as unknown as ParsedHtml;
  const bodyText = normalise(document.body?.textContent ?? "");
  const title = normalise(document.title || fallbackTitle);
  // Readability mutates the DOM, so it gets a copy.
  const article = new Readability((parseHTML(html) as unknown as { document: ReadabilityDocument }).document).parse();
  const text = article?.textContent ? normalise(article.textContent) : "";
  return {
    title: title || normalise(article?.title ?? ""),
    text: text.length > 0 ? text : bodyText,
    excerpt: article?.excerpt ? normalise(article.excerpt) : null,
  };
}

function normalise(s: string): string {
  return s
    .replace(/[ \t\f\v\u00a0]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
