/**
 * Take file-system paths out of a text meant for clients (health reports, error bodies):
 * absolute and relative paths, file: URLs and anything under node_modules become `<path>`.
 * The full text stays in the log; what a client sees must not map the server's disk.
 */
const TOKEN = /[^\s"'`()<>[\]{},;]+/g;
const PATH_START = /^(?:file:|~\/|\.{1,2}\/|[A-Za-z]:\\|\/[^/\s]+\/)/;

export function redactPaths(text: string): string {
  return text.replace(TOKEN, (token) => {
    if (!PATH_START.test(token) && !token.includes("node_modules")) return token;
    // Sentence punctuation after a path stays (a trailing ":91" line number goes with it).
    const trailing = /[.:]+$/.exec(token)?.[0] ?? "";
    return `<path>${trailing}`;
  });
}
