import { withoutTrailingSlashes } from "../../text/trim.js";
import { globTest } from "../../analysis/glob.js";
import type { WasteItem } from "../../analysis/types.js";
import type { ModelInstruction } from "../dockerfile-model.js";
import { eachRun, RuleResults, type FixRule, type RuleContext } from "../rule-context.js";
import { appendCommands, literalArgs, removeInstruction, removeUnits, type RunView } from "../run-view.js";
import type { ShellUnit } from "../shell.js";
import type { TextEdit } from "../types.js";
import { APT_GLOBS } from "./apt.js";

const isAptPath = globTest(APT_GLOBS, { dot: true });

/**
 * Files a RUN writes and a later RUN deletes, deleted in the RUN that writes them. Two shapes are mechanical:
 * the deleting RUN comes right after the writing one (the two are merged: same commands, same order, one layer);
 * or the deleting RUN starts with the `rm` of exactly those files and no RUN runs between them (the `rm` moves).
 */
export const deletedLaterRule: FixRule = {
  ids: ["deleted-later"],
  modes: ["safe", "all"],
  apply(context, hints) {
    const results = new RuleResults();
    eachRun(context, hints, results, (ins, view, group) => {
      const layers = new Set(group.map((hint) => hint.layer));
      const items = context.analysis.summary.waste.filter(
        (item) => item.kind === "deleted" && layers.has(item.addedBy) && item.removedBy !== undefined && item.removedBy > item.addedBy && !isAptPath(item.path),
      );
      const removers = [...new Set(items.map((item) => item.removedBy!))];
      const edits: TextEdit[] = [];
      const done: string[] = [];
      let failure: string | undefined;
      for (const remover of removers) {
        const later = context.instructionOfLayer(remover);
        const change = later
          ? deleteEarlier(
              context,
              view,
              later,
              items.filter((item) => item.removedBy === remover),
            )
          : `layer ${remover} matches no instruction`;
        if (typeof change === "string") failure ??= change;
        else {
          edits.push(...change.edits);
          done.push(change.description);
        }
      }
      if (failure !== undefined || edits.length === 0) return results.skip(group, failure ?? "nothing deletes these files in a RUN");
      const paths = items.map((item) => item.path);
      results.add({ rule: "delete-where-written", line: ins.line, description: done.join("; "), edits, accounts: paths }, group);
    });
    return results;
  },
};

function deleteEarlier(context: RuleContext, view: RunView, later: ModelInstruction, items: WasteItem[]): { edits: TextEdit[]; description: string } | string {
  const ins = view.ins;
  if (later.keyword !== "RUN" || later.stage !== ins.stage) return `the files are deleted by line ${later.line}, not by a RUN of the same stage`;
  const laterView = context.run(later);
  if ("error" in laterView) return laterView.error;
  const next = context.model.instructions[context.model.instructions.indexOf(ins) + 1];
  const moves = movesShell(context.model.text, view);
  if (next === later && !moves && ins.flags.length === 0 && later.flags.length === 0 && laterView.units.every((unit) => unit.sep !== ";")) {
    const body = context.model.text.slice(laterView.units[0].start, laterView.units.at(-1)!.end);
    return {
      edits: [removeInstruction(context.model, later), appendCommands(context.model, view, [body])],
      description: `the RUN of line ${later.line}, which deletes them, merged into this one`,
    };
  }
  const between = context.model.instructions.filter((other) => other.line > ins.line && other.line < later.line && other.keyword === "RUN");
  if (between.length > 0) return `a RUN between lines ${ins.line} and ${later.line} may read the files: left as it is`;
  const covering = new Set<number>();
  for (const item of items) {
    const at = laterView.units.findIndex((unit) => rmCovers(unit, item.path));
    if (at < 0) return `no rm of line ${later.line} names ${item.path}`;
    covering.add(at);
  }
  const last = Math.max(...covering);
  for (let i = 0; i <= last; i++) {
    if (!isRm(laterView.units[i])) return `the RUN of line ${later.line} runs other commands before its rm: left as it is`;
  }
  const mine = new Set(items.map((item) => item.path));
  const others = context.analysis.summary.waste.filter((item) => item.kind === "deleted" && item.removedBy === items[0].removedBy && !mine.has(item.path));
  for (const at of covering) {
    if (others.some((item) => rmCovers(laterView.units[at], item.path)))
      return `the rm of line ${later.line} also deletes files of other layers: left as it is`;
  }
  const workdir = context.model.instructions.some((other) => other.line > ins.line && other.line < later.line && other.keyword === "WORKDIR");
  if (
    (moves || workdir) &&
    [...covering].some((at) => literalArgs(laterView.units[at].command).some((arg) => !arg?.startsWith("-") && !arg?.startsWith("/")))
  ) {
    return `the rm of line ${later.line} names relative paths, and the RUN of line ${ins.line} runs elsewhere (${moves ?? "WORKDIR"}): left as it is`;
  }
  const commands = [...covering].sort((a, b) => a - b).map((at) => context.model.text.slice(laterView.units[at].start, laterView.units[at].end));
  return {
    edits: [appendCommands(context.model, view, commands), ...removeUnits(context.model, laterView, covering)],
    description: `${commands.join(" and ")} moved here from line ${later.line}`,
  };
}

/** Commands whose effect on the shell (directory, environment, options) reaches the commands after them. */
const SHELL_STATE = new Set(["cd", "pushd", "popd", "umask", "export", "unset", "set", "source", ".", "exec", "alias", "shopt", "trap", "ulimit"]);

/**
 * The command that changes the shell's state for what follows it in the RUN (`cd /build`), outside a subshell:
 * commands appended to this RUN would run in another directory or environment than in their own RUN.
 */
function movesShell(text: string, view: RunView): string | undefined {
  for (const unit of view.units) {
    if (unit.command) {
      if (unit.command.name !== undefined && SHELL_STATE.has(unit.command.name)) return unit.command.name;
      continue;
    }
    const inside = view.commands.find((c) => c.words[0] && c.words[0].start >= unit.start && c.words[0].end <= unit.end && SHELL_STATE.has(c.name ?? ""));
    if (inside && !text.startsWith("(", unit.start)) return inside.name; // a subshell's cd stays in it
  }
  return undefined;
}

function isRm(unit: ShellUnit): boolean {
  return unit.command?.name === "rm" && !unit.command.redirected;
}

/** Whether an `rm` unit names the path, a folder above it, or a glob that matches it (literal words only). */
function rmCovers(unit: ShellUnit, path: string): boolean {
  if (!isRm(unit)) return false;
  return literalArgs(unit.command).some((arg) => {
    if (arg === undefined || arg.startsWith("-") || !arg.startsWith("/")) return false;
    const clean = withoutTrailingSlashes(arg);
    return path === clean || path.startsWith(`${clean}/`) || globTest(clean, { dot: true })(path) || globTest(`${clean}/**`, { dot: true })(path);
  });
}
