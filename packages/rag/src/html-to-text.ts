import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";

export interface CleanDocument {
  title: string | null;
  text: string;
}

/** The little of the DOM used here (the project compiles without the DOM library). */
interface DomNode {
  nodeType: number;
  textContent: string | null;
  childNodes: ArrayLike<DomNode>;
  tagName?: string;
  remove(): void;
}
interface DomDocument {
  body: DomNode | null;
  querySelector(selector: string): DomNode | null;
  querySelectorAll(selector: string): ArrayLike<DomNode>;
}

const parse = (html: string): DomDocument => (parseHTML(html) as unknown as { document: DomDocument }).document;

const BLOCK = /^(P|DIV|SECTION|ARTICLE|LI|H[1-6]|PRE|BLOCKQUOTE|TR|BR|UL|OL|TABLE|FIGCAPTION|DD|DT)$/;

/**
 * An HTML page's readable text: Readability's article when it finds one (menus, footers and
 * scripts dropped), else the body's text. Block elements become paragraph breaks, so the
 * splitter can keep paragraphs together.
 */
export function htmlToText(html: string): CleanDocument {
  const document = parse(html);
  const pageTitle = document.querySelector("title")?.textContent?.trim() || null;
  // Readability changes the DOM it reads: give it its own parse.
  const article = new Readability(parse(html) as unknown as ConstructorParameters<typeof Readability>[0], { charThreshold: 100 }).parse();
  let text: string;
  if (article?.content) {
    text = blockText(parse(`<html><body>${article.content}</body></html>`).body);
  } else {
    for (const el of Array.from(document.querySelectorAll("script, style, noscript, template, nav, footer, header"))) el.remove();
    text = blockText(document.body);
  }
  return { title: article?.title?.trim() || pageTitle, text: tidy(text) };
}

/** Text of a subtree with a blank line after each block element. */
function blockText(root: DomNode | null): string {
  if (!root) return "";
  const parts: string[] = [];
  const walk = (node: DomNode): void => {
    if (node.nodeType === 3) {
      parts.push((node.textContent ?? "").replace(/\s+/g, " "));
      return;
    }
    if (node.nodeType !== 1) return;
    const tag = (node.tagName ?? "").toUpperCase();
    if (tag === "SCRIPT" || tag === "STYLE" || tag === "NOSCRIPT") return;
    for (const child of Array.from(node.childNodes)) walk(child);
    if (BLOCK.test(tag)) parts.push("\n\n");
  };
  walk(root);
  return parts.join("");
}

/** Trim each line, collapse runs of blank lines to one. */
export function tidy(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim();
}
