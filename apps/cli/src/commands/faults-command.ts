import type { Command } from "commander";

/** `faults set|clear NAME`: fault flags for drills. */
export function registerFaults(program: Command): Command {
  return program.command("faults").description("set or clear fault flags for drills (PUT/DELETE /api/v1/faults/:name; admin)");
}
