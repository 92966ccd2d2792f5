import { createStyle, type Style } from "./style.js";
import { formatTable, type Cell, type Column } from "./table.js";

/**
 * Where things go: results on stdout (with --json only JSON there, one document per line),
 * notes, progress and errors on stderr.
 */
export class Output {
  /** For stdout text. */
  readonly style: Style;
  /** For stderr text. */
  readonly errStyle: Style;

  constructor(
    readonly json: boolean,
    stdoutAnsi: boolean,
    readonly stderrAnsi: boolean,
    private readonly stdout: NodeJS.WritableStream = process.stdout,
    private readonly stderr: NodeJS.WritableStream = process.stderr,
  ) {
    this.style = createStyle(stdoutAnsi && !json);
    this.errStyle = createStyle(stderrAnsi);
  }

  /** One JSON document on one stdout line. */
  data(value: unknown): void {
    this.stdout.write(`${JSON.stringify(value)}\n`);
  }

  /** A line of human output on stdout (never in --json mode). */
  line(text = ""): void {
    if (!this.json) this.stdout.write(`${text}\n`);
  }

  table(columns: readonly Column[], rows: readonly (readonly Cell[])[]): void {
    for (const l of formatTable(columns, rows)) this.line(l);
  }

  /** Key: value lines, aligned. */
  fields(pairs: ReadonlyArray<readonly [string, string]>): void {
    const width = Math.max(0, ...pairs.map(([k]) => k.length));
    for (const [k, v] of pairs) this.line(`${`${k}:`.padEnd(width + 1)} ${v}`);
  }

  /** Informational text on stderr (shown in --json mode too: stdout stays machine-readable). */
  note(text: string): void {
    this.stderr.write(`${text}\n`);
  }

  warn(text: string): void {
    this.stderr.write(`${this.errStyle.yellow("warning:")} ${text}\n`);
  }

  /** Raw stderr, for progress displays. */
  get errStream(): NodeJS.WritableStream {
    return this.stderr;
  }
}
