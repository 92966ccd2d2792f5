import { describe, expect, it } from "vitest";
import { summariseResult } from "./batch-result-summary";
import { describeIssues, urlLines } from "./batch-scrape-input";

describe("a batch child's result in one line", () => {
  it("summarises a scraped page, an embed.texts answer and an ingested document", () => {
    expect(summariseResult({ url: "http://a.test/x", finalUrl: "http://a.test/y", status: 200, title: " Home ", text: "…" })).toBe(
      "“Home” · HTTP 200 · http://a.test/y",
    );
    expect(summariseResult({ finalUrl: "http://a.test/y", status: 404, title: "" })).toBe("HTTP 404 · http://a.test/y");
    expect(summariseResult({ model: "minilm", dimension: 384, embeddings: [[0.1], [0.2]] })).toBe("2 embeddings of dimension 384 (minilm)");
    expect(summariseResult({ documentId: "doc-1", collection: "notes", chunks: 1, tokens: 9, replaced: 0 })).toBe("Document doc-1 in notes: 1 chunk");
  });

  it("shows other shapes as truncated JSON", () => {
    expect(summariseResult({ ok: true })).toBe('{"ok":true}');
    expect(summariseResult(null)).toBe("No result recorded.");
    const long = summariseResult({ text: "x".repeat(500) });
    expect(long).toHaveLength(200);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe("the scrape batch form's input", () => {
  it("numbers URLs by their textarea line, skipping blank ones", () => {
    expect(urlLines(" http://a.test/1 \n\nhttp://a.test/2\r\n  \n")).toEqual([
      { line: 1, url: "http://a.test/1" },
      { line: 3, url: "http://a.test/2" },
    ]);
  });

  it("names the line and field of each API issue", () => {
    const lines = urlLines("http://a.test/1\n\nftp://a.test/2");
    expect(
      describeIssues(
        [
          { path: "urls.1", message: "must be an http or https URL" },
          { path: "ingest.collection", message: "too short" },
          { path: "priority", message: "invalid option" },
          { path: "urls", message: "too many" },
        ],
        lines,
      ),
    ).toEqual([
      { field: "urls", text: "Line 3 (ftp://a.test/2): must be an http or https URL" },
      { field: "collection", text: "Collection: too short" },
      { field: "priority", text: "Priority: invalid option" },
      { field: "urls", text: "URLs: too many" },
    ]);
  });
});
