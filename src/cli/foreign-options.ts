import type { Command } from "commander";
import { UsageError } from "./errors.js";

/**
 * Commander gives an option the main program declares to the main program wherever it stands on the line, so
 * `layerscope diff A B --junit diff.xml` parsed, wrote nothing and passed. A subcommand (with its parent commands
 * below the main program, for `fleet merge`) must declare every option given, else it is refused.
 */
export function refuseForeignOptions(program: Command, command: Command): void {
  if (command === program) return;
  const declared = new Set<string>();
  const names: string[] = [];
  for (let current: Command | null = command; current !== null && current !== program; current = current.parent) {
    for (const option of current.options) if (option.long !== undefined) declared.add(option.long);
    names.unshift(current.name());
  }
  const foreign = program.options.find(
    (option) => option.long !== undefined && !declared.has(option.long) && program.getOptionValueSource(option.attributeName()) === "cli",
  );
  if (foreign === undefined) return;
  const name = names.join(" ");
  throw new UsageError(`unknown option '${foreign.long}' for ${name} (see layerscope help ${name})`);
}
