import { instructionLines, type DockerfileModel, type ModelInstruction } from "./dockerfile-model.js";
import type { ShellCommand, ShellParser, ShellUnit, ShellWord } from "./shell.js";
import type { TextEdit } from "./types.js";

/** A RUN whose shell fix can rewrite: its chain and every command, at offsets of the Dockerfile's text. */
export interface RunView {
  ins: ModelInstruction;
  units: ShellUnit[];
  commands: ShellCommand[];
}

const SHELLS = /^\s*\[\s*"(?:\/bin\/|\/usr\/bin\/)?(?:sh|bash|dash|ash)"/;

/**
 * The RUN's shell, parsed: refused (with the reason) for the exec form, heredocs, a non-POSIX SHELL, a backtick
 * escape character, or a script the shell parser does not read without error.
 */
export function runView(model: DockerfileModel, ins: ModelInstruction, parser: ShellParser): RunView | { error: string } {
  if (ins.keyword !== "RUN") return { error: `line ${ins.line} is ${ins.keyword}, not RUN` };
  if (ins.execForm) return { error: `the RUN at line ${ins.line} has the exec form (no shell)` };
  if (ins.heredocs > 0) return { error: `the RUN at line ${ins.line} has a heredoc: left as it is` };
  if (model.escape !== "\\") return { error: `the Dockerfile's escape character is ${model.escape}: RUN lines left as they are` };
  const shell = model.instructions.filter((other) => other.keyword === "SHELL" && other.stage === ins.stage && other.line < ins.line).at(-1);
  if (shell && !SHELLS.test(model.text.slice(shell.bodyStart, shell.end))) return { error: `the stage's SHELL is not a POSIX shell` };
  const parsed = parser.parse(shellText(model, ins));
  if ("error" in parsed) return { error: `the RUN at line ${ins.line}: ${parsed.error}` };
  const shift = ins.bodyStart;
  const word = (w: ShellWord): ShellWord => ({ ...w, start: w.start + shift, end: w.end + shift });
  const command = (c: ShellCommand | undefined): ShellCommand | undefined => c && { ...c, words: c.words.map(word) };
  return {
    ins,
    units: parsed.units.map((unit) => ({ ...unit, start: unit.start + shift, end: unit.end + shift, command: command(unit.command) })),
    commands: parsed.commands.map((c) => command(c)!),
  };
}

/**
 * The shell the builder runs, at the same offsets as in the Dockerfile: the comment lines and blank lines a
 * continued RUN may hold (the builder drops them) and carriage returns become blanks.
 */
function shellText(model: DockerfileModel, ins: ModelInstruction): string {
  const body = model.text.slice(ins.bodyStart, ins.end);
  return body
    .replace(/\r/g, " ")
    .replace(/(?<=\n)[ \t]*(?:#[^\n]*)?\n/g, (line) => " ".repeat(line.length));
}

/** Text that appends commands to the RUN, in its own layout: one line, or one continued line per command. */
export function appendCommands(model: DockerfileModel, view: RunView, commands: string[]): TextEdit {
  const at = view.units.at(-1)?.end ?? view.ins.end;
  if (view.ins.line === view.ins.endLine) return { start: at, end: at, text: commands.map((c) => ` && ${c}`).join("") };
  const lastLine = model.text.slice(model.lineStarts[view.ins.endLine - 1], view.ins.end);
  const indent = /^[ \t]*/.exec(lastLine)![0] || "    ";
  return { start: at, end: at, text: commands.map((c) => ` \\${model.eol}${indent}&& ${c}`).join("") };
}

/** Text that puts a command before the RUN's first one. */
export function prependCommand(view: RunView, command: string): TextEdit {
  const at = view.units[0]?.start ?? view.ins.bodyStart;
  return { start: at, end: at, text: `${command} && ` };
}

/** Removes units of the chain (by index); the whole instruction when none is left. */
export function removeUnits(model: DockerfileModel, view: RunView, remove: ReadonlySet<number>): TextEdit[] {
  const { units } = view;
  if (units.every((_, i) => remove.has(i))) return [removeInstruction(model, view.ins)];
  const edits: TextEdit[] = [];
  for (let i = 0; i < units.length; i++) {
    if (!remove.has(i)) continue;
    let j = i;
    while (j + 1 < units.length && remove.has(j + 1)) j++;
    edits.push(i > 0 ? { start: units[i - 1].end, end: units[j].end, text: "" } : { start: units[i].start, end: units[j + 1].start, text: "" });
    i = j;
  }
  return edits;
}

/** Removes an instruction's lines. */
export function removeInstruction(model: DockerfileModel, ins: ModelInstruction): TextEdit {
  const { start, end } = instructionLines(model, ins);
  return { start, end, text: "" };
}

/** Inserts ` TEXT` after a word. */
export function insertAfter(word: ShellWord, text: string): TextEdit {
  return { start: word.end, end: word.end, text: ` ${text}` };
}

/** The command's words after its name, as literal values (undefined where a word is not literal). */
export function literalArgs(command: ShellCommand | undefined): Array<string | undefined> {
  return command ? command.words.slice(1).map((word) => word.value) : [];
}

/** Whether a command is `NAME SUB…` (apt-get install, pip install, apk add), options allowed before SUB. */
export function isSubcommand(command: ShellCommand | undefined, names: RegExp, subs: readonly string[]): ShellWord | undefined {
  if (!command?.name || !names.test(command.name)) return undefined;
  const sub = command.words.slice(1).find((word) => !(word.value ?? "").startsWith("-"));
  return sub && sub.value !== undefined && subs.includes(sub.value) ? sub : undefined;
}
