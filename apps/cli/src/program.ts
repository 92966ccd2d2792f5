import { Command, Option } from "commander";
import { registerBreakers } from "./commands/breakers-command.js";
import { registerCancel } from "./commands/cancel-command.js";
import { registerCompletion } from "./commands/completion-command.js";
import { registerTasksBulk } from "./commands/tasks-bulk-command.js";
import { registerDeadLetters } from "./commands/dead-letters-command.js";
import { registerDeadLettersRedrive } from "./commands/dead-letters-redrive-command.js";
import { registerAsk } from "./commands/ask-command.js";
import { registerCollections } from "./commands/collections-command.js";
import { registerCollectionsAdd } from "./commands/collections-add-command.js";
import { registerCollectionsDelete } from "./commands/collections-delete-command.js";
import { registerCollectionsDocument } from "./commands/collections-document-command.js";
import { registerCollectionsRemoveDocument } from "./commands/collections-remove-document-command.js";
import { registerCollectionsShow } from "./commands/collections-show-command.js";
import { registerFaults } from "./commands/faults-command.js";
import { registerFaultsClear } from "./commands/faults-clear-command.js";
import { registerFaultsSet } from "./commands/faults-set-command.js";
import { registerGet } from "./commands/get-command.js";
import { registerHealth } from "./commands/health-command.js";
import { registerList } from "./commands/list-command.js";
import { registerLoadTest } from "./commands/load-test-command.js";
import { registerLoadTests } from "./commands/load-tests-command.js";
import { registerPools } from "./commands/pools-command.js";
import { registerPoolsConcurrency } from "./commands/pools-concurrency-command.js";
import { registerPoolsDrain } from "./commands/pools-drain-command.js";
import { registerPoolsPause } from "./commands/pools-pause-command.js";
import { registerPoolsReset } from "./commands/pools-reset-command.js";
import { registerPoolsResume } from "./commands/pools-resume-command.js";
import { registerRetry } from "./commands/retry-command.js";
import { registerSubmit } from "./commands/submit-command.js";
import { registerSubmitBulk } from "./commands/submit-bulk-command.js";
import { registerTail } from "./commands/tail-command.js";
import { registerWorkers } from "./commands/workers-command.js";
import { registerGpu } from "./commands/gpu-command.js";
import { registerStats } from "./commands/stats-command.js";
import { registerTokens } from "./commands/tokens-command.js";
import { registerTokensCreate } from "./commands/tokens-create-command.js";
import { registerTokensList } from "./commands/tokens-list-command.js";
import { registerTokensRevoke } from "./commands/tokens-revoke-command.js";
import { registerUsers } from "./commands/users-command.js";
import { registerUsersCreate } from "./commands/users-create-command.js";
import { registerUsersList } from "./commands/users-list-command.js";
import { registerUsersResetMfa } from "./commands/users-reset-mfa-command.js";
import { registerUsersUpdate } from "./commands/users-update-command.js";
import { registerSecurity } from "./commands/security-command.js";
import { registerSecurityRequireMfa } from "./commands/security-require-mfa-command.js";
import { registerSecurityShow } from "./commands/security-show-command.js";
import { registerSignOutEverywhere } from "./commands/sign-out-everywhere-command.js";
import { registerAudit } from "./commands/audit-command.js";
import { registerAuditExport } from "./commands/audit-export-command.js";
import { registerAuditList } from "./commands/audit-list-command.js";
import { registerAuditPublicKey } from "./commands/audit-public-key-command.js";
import { registerAuditShow } from "./commands/audit-show-command.js";
import { registerAuditVerify } from "./commands/audit-verify-command.js";
import { registerSchedules } from "./commands/schedules-command.js";
import { registerSchedulesRun } from "./commands/schedules-run-command.js";
import { registerSchedulesSet } from "./commands/schedules-set-command.js";
import { registerBatches } from "./commands/batches-command.js";
import { registerBatchesScrape } from "./commands/batches-scrape-command.js";
import { registerBatchesEmbed } from "./commands/batches-embed-command.js";
import { registerBatchesShow } from "./commands/batches-show-command.js";
import { registerBatchesCancel } from "./commands/batches-cancel-command.js";
import { DEFAULT_URL } from "./config.js";
import { EXIT_CODES_HELP } from "./exit-codes.js";
import { CLI_VERSION } from "./version.js";

const ROOT_HELP = `
Connection (first found wins): --url/--token, then SWITCHYARD_URL/SWITCHYARD_TOKEN, then the
config file {"url": "...", "token": "..."} (--config PATH, SWITCHYARD_CONFIG, else
$XDG_CONFIG_HOME/switchyard/config.json or ~/.config/switchyard/config.json), then ${DEFAULT_URL}.

Output: tables for people; --json prints only JSON on stdout (one document per line), notes,
progress and errors go to stderr. No colour or other ANSI codes when NO_COLOR is set, with
--no-color, or when the stream is not a terminal; statuses are always printed as words.

${EXIT_CODES_HELP}

Every command has --help, e.g. \`switchyard submit --help\`.`;

/** The whole command tree. Settings that must hold on every command are applied by walking it. */
export function buildProgram(): Command {
  const program = new Command("switchyard")
    .description("Switchyard from the command line: submit and follow tasks, steer pools, redrive dead letters, run load tests, manage tokens and people, review and verify the audit log")
    .version(CLI_VERSION, "-V, --version", "print the CLI version")
    .addOption(new Option("--url <url>", `server address (default ${DEFAULT_URL})`))
    .addOption(new Option("--token <token>", "API token (Authorization: Bearer)"))
    .addOption(new Option("--config <path>", "config file with url and token"))
    .option("--json", "machine-readable JSON on stdout, nothing else there")
    .option("--no-color", "no colour or other ANSI codes (as NO_COLOR)")
    .addHelpText("after", ROOT_HELP)
    .showHelpAfterError("(add --help for usage)");

  registerHealth(program);
  registerSubmit(program);
  registerSubmitBulk(program);
  registerGet(program);
  registerList(program);
  registerCancel(program);
  registerRetry(program);
  registerTail(program);

  const pools = registerPools(program);
  registerPoolsPause(pools);
  registerPoolsResume(pools);
  registerPoolsDrain(pools);
  registerPoolsConcurrency(pools);
  registerPoolsReset(pools);

  const deadLetters = registerDeadLetters(program);
  registerDeadLettersRedrive(deadLetters);

  registerWorkers(program);
  registerGpu(program);
  registerStats(program);
  registerBreakers(program);
  registerLoadTest(program);
  registerLoadTests(program);

  const faults = registerFaults(program);
  registerFaultsSet(faults);
  registerFaultsClear(faults);

  const collections = registerCollections(program);
  registerCollectionsShow(collections);
  registerCollectionsAdd(collections);
  registerCollectionsDocument(collections);
  registerCollectionsRemoveDocument(collections);
  registerCollectionsDelete(collections);
  registerAsk(program);

  const tokens = registerTokens(program);
  registerTokensList(tokens);
  registerTokensCreate(tokens);
  registerTokensRevoke(tokens);

  const users = registerUsers(program);
  registerUsersList(users);
  registerUsersCreate(users);
  registerUsersUpdate(users);
  registerUsersResetMfa(users);

  const security = registerSecurity(program);
  registerSecurityShow(security);
  registerSecurityRequireMfa(security);
  registerSignOutEverywhere(program);

  const audit = registerAudit(program);
  registerAuditList(audit);
  registerAuditShow(audit);
  registerAuditVerify(audit);
  registerAuditExport(audit);
  registerAuditPublicKey(audit);

  registerTasksBulk(program);

  const schedules = registerSchedules(program);
  registerSchedulesSet(schedules);
  registerSchedulesRun(schedules);

  const batches = registerBatches(program);
  registerBatchesScrape(batches);
  registerBatchesEmbed(batches);
  registerBatchesShow(batches);
  registerBatchesCancel(batches);

  registerCompletion(program);

  forEachCommand(program, (cmd) => {
    // Errors become exit codes in main (usage errors: 2), not process.exit inside commander.
    cmd.exitOverride();
    cmd.showHelpAfterError("(add --help for usage)");
  });
  return program;
}

export function forEachCommand(cmd: Command, fn: (c: Command) => void): void {
  fn(cmd);
  for (const sub of cmd.commands) forEachCommand(sub, fn);
}

/** Every command path below the root: "submit", "pools pause", … */
export function commandPaths(root: Command): string[] {
  const out: string[] = [];
  const visit = (cmd: Command, path: string[]): void => {
    for (const sub of cmd.commands) {
      const p = [...path, sub.name()];
      out.push(p.join(" "));
      visit(sub, p);
    }
  };
  visit(root, []);
  return out;
}
