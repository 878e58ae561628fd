import type { HistoryEntry } from "../sources/types.js";

/**
 * The instruction behind each layer: the non-empty history entries in order, with the shell noise removed
 * (`/bin/sh -c #(nop) `, `|1 ARG=v /bin/sh -c`, `--mount=…` flags, BuildKit's `# buildkit`).
 * Extra history entries are dropped from the front (a base image may have been squashed); missing ones are "".
 */
export function layerCommands(history: HistoryEntry[], layerCount: number): string[] {
  const commands = history.filter((entry) => !entry.emptyLayer).map((entry) => cleanCommand(entry.createdBy));
  const offset = commands.length - layerCount;
  return Array.from({ length: layerCount }, (_, i) => commands[i + offset] ?? "");
}

export function cleanCommand(createdBy: string): string {
  let command = createdBy.trim();
  // no `\s+# buildkit$`: anchored at the end, it rescanned a long run of spaces from each of its characters
  if (/\s# buildkit$/.test(command)) command = command.slice(0, -"# buildkit".length).trimEnd();
  let isRun = false;
  const runPrefix = /^RUN\s+/;
  if (runPrefix.test(command)) {
    command = command.replace(runPrefix, "");
    isRun = true;
  }
  command = command.replace(/^\|\d+\s+(?:[^\s=]+=\S*\s+)*/, "");
  const nop = /^\/bin\/sh -c #\(nop\)\s*/;
  if (nop.test(command)) return command.replace(nop, "").trim();
  const shell = /^\/bin\/(?:ba)?sh -c\s+/;
  if (shell.test(command)) {
    command = command.replace(shell, "");
    isRun = true;
  }
  if (isRun) command = "RUN " + command.replace(/^(?:--mount=\S+\s+)+/, "");
  return command.trim();
}
