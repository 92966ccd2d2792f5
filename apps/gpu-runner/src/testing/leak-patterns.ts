/**
 * What a response body must never contain: stack frames, source locations, server paths.
 * Returns the patterns found (empty when the text is clean).
 */
const PATTERNS: ReadonlyArray<[string, RegExp]> = [
  ["stack frame", /(^|\n)\s*at\s+\S+.*(\(|:\d+:\d+)|\bat\s+[\w$.<>]+\s+\(/],
  ["/work/", /\/work\//],
  ["node_modules", /node_modules/],
  [".ts:", /\.ts:/],
  ["source or binary file path", /\/[\w.@-]+(?:\/[\w.@-]+)*\.(?:[cm]?[jt]sx?|h|hh|hpp|cc|cpp|c|so|node|onnx)\b/],
];

export function leaksIn(text: string, extraPaths: readonly string[] = []): string[] {
  const found = PATTERNS.filter(([, re]) => re.test(text)).map(([name]) => name);
  for (const p of extraPaths) if (text.includes(p)) found.push(p);
  return found;
}
