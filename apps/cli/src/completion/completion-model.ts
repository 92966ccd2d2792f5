import type { Command, Option } from "commander";

/** What a shell needs to know about one option. */
export interface OptionSpec {
  flags: string[];
  takesValue: boolean;
  choices: string[];
  /** Its value is a path (complete file names). */
  isPath: boolean;
  description: string;
}

/** One command of the tree, with its full path ("" for the root, "pools pause"). */
export interface CommandSpec {
  path: string;
  name: string;
  description: string;
  subcommands: string[];
  /** Own options plus the root's (global options work everywhere), plus --help. */
  options: OptionSpec[];
  /** Values for its first argument, when it has fixed choices. */
  argChoices: string[];
}

function optionSpec(o: Option): OptionSpec {
  const flags = [o.long, o.short].filter((f): f is string => typeof f === "string");
  return {
    flags,
    takesValue: o.required || o.optional,
    choices: o.argChoices ? [...o.argChoices] : [],
    isPath: /(-file|^--config|^--output)$/.test(o.long ?? ""),
    description: o.description,
  };
}

const HELP: OptionSpec = { flags: ["--help", "-h"], takesValue: false, choices: [], isPath: false, description: "show help" };

/** Walk commander's tree, so the completion scripts follow the commands as they are. */
export function completionModel(root: Command): CommandSpec[] {
  const globals = root.options.filter((o) => !o.hidden).map(optionSpec);
  const out: CommandSpec[] = [];
  const visit = (cmd: Command, path: string[]): void => {
    const own = cmd === root ? [] : cmd.options.filter((o) => !o.hidden).map(optionSpec);
    const first = cmd.registeredArguments[0];
    out.push({
      path: path.join(" "),
      name: cmd.name(),
      description: cmd.description(),
      subcommands: cmd.commands.map((c) => c.name()),
      options: [...own, ...globals, HELP],
      argChoices: first?.argChoices ? [...first.argChoices] : [],
    });
    for (const sub of cmd.commands) visit(sub, [...path, sub.name()]);
  };
  visit(root, []);
  return out;
}

/** Every option flag that takes a value, anywhere in the tree (their values are skipped when finding the command). */
export function valueFlags(model: readonly CommandSpec[]): string[] {
  return [...new Set(model.flatMap((c) => c.options.filter((o) => o.takesValue).flatMap((o) => o.flags)))].sort();
}

/** Single-quote for sh-like shells. */
export function shQuote(s: string): string {
  return `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Shell code, the same for bash and zsh: walk the words before the cursor (from index `first`
 * up to `$end`) and leave the deepest command path typed so far in $cmdpath, skipping options
 * and the values of options that take one.
 */
export function commandPathWalk(model: readonly CommandSpec[], wordsVar: string, first: number, endVar: string): string {
  const paths = model.filter((c) => c.path !== "").map((c) => shQuote(c.path));
  return `  cmdpath=""
  skip=0
  for (( i=${first}; i<${endVar}; i++ )); do
    word="\${${wordsVar}[i]}"
    if (( skip )); then skip=0; continue; fi
    case "$word" in
      --*=*) continue ;;
      ${valueFlags(model).map(shQuote).join("|")}) skip=1; continue ;;
      -*) continue ;;
    esac
    candidate="\${cmdpath:+$cmdpath }$word"
    case "$candidate" in
      ${paths.join("|")}) cmdpath="$candidate" ;;
    esac
  done`;
}
