import { Argument, type Command } from "commander";
import { bashCompletion } from "../completion/bash-completion.js";
import { fishCompletion } from "../completion/fish-completion.js";
import { zshCompletion } from "../completion/zsh-completion.js";

const SHELLS = ["bash", "zsh", "fish"] as const;

export function registerCompletion(program: Command): void {
  program
    .command("completion")
    .description("print a shell completion script, generated from the current commands")
    .addArgument(new Argument("<shell>", "shell").choices(SHELLS))
    .addHelpText(
      "after",
      `
  bash:  source <(switchyard completion bash)            (e.g. in ~/.bashrc)
  zsh:   source <(switchyard completion zsh)             (after compinit, e.g. in ~/.zshrc)
  fish:  switchyard completion fish > ~/.config/fish/completions/switchyard.fish`,
    )
    .action((shell: (typeof SHELLS)[number]) => {
      const root = rootOf(program);
      const script = shell === "bash" ? bashCompletion(root) : shell === "zsh" ? zshCompletion(root) : fishCompletion(root);
      process.stdout.write(script);
    });
}

function rootOf(cmd: Command): Command {
  let c = cmd;
  while (c.parent) c = c.parent;
  return c;
}
