import type { Command } from "commander";

/** The builder flags after the first `--` that follows the command's name (`build`, `fix`) on the command line. */
export function passThroughArgs(program: Command | null, commandName: string): string[] {
  // commander keeps the whole command line without declaring it in its types
  const raw = (program as unknown as { rawArgs?: unknown } | null)?.rawArgs;
  const rawArgs = Array.isArray(raw) ? raw.filter((arg): arg is string => typeof arg === "string") : [];
  const start = rawArgs.indexOf(commandName);
  const dash = rawArgs.indexOf("--", start);
  return start >= 0 && dash >= 0 ? rawArgs.slice(dash + 1) : [];
}
