import type { Hint } from "../../analysis/hints/types.js";
import { globTest } from "../../analysis/glob.js";
import type { ModelInstruction } from "../dockerfile-model.js";
import { byInstruction, RuleResults, type FixRule, type RuleContext, type RuleResult } from "../rule-context.js";
import { appendCommands, isSubcommand, literalArgs, prependCommand, removeInstruction, removeUnits, type RunView } from "../run-view.js";
import type { ShellCommand } from "../shell.js";
import type { TextEdit } from "../types.js";

const APT = /^apt(?:-get)?$/;
export const APT_GLOBS = ["/var/lib/apt/lists", "/var/lib/apt/lists/**", "/var/cache/apt", "/var/cache/apt/**"];
const isAptPath = globTest(APT_GLOBS, { dot: true });
const CACHE_GLOBS = ["/var/cache/apt", "/var/cache/apt/**"];
const LISTS_RM = /^\/var\/lib\/apt\/lists(?:\/\*?)?$/;
/** apt commands that read the package lists (remove, purge and clean do not) */
const READS_LISTS = ["install", "reinstall", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "source", "download", "satisfy"];
/** Hints whose bytes are the lists, at least in part */
const LIST_HINTS = new Set(["apt-lists", "apt-cleanup-later"]);

/**
 * apt lists and caches cleaned in the RUN that wrote them: `apt-get clean` and `rm -rf /var/lib/apt/lists/*`
 * appended; a RUN that only runs `apt-get update` merged into the installing RUN right after it (its lists
 * otherwise ship in its own layer whatever a later RUN deletes); the later RUN's own apt cleanup dropped once
 * every layer it cleaned up after is fixed. The lists stay (only `apt-get clean`) when a later RUN of the stage, or of
 * a stage built on it, installs from them without an `apt-get update` of its own: it would find no package.
 */
export const aptRule: FixRule = {
  ids: ["apt-lists", "apt-cache", "apt-cleanup-later"],
  modes: ["safe", "all"],
  apply(context, hints): RuleResult {
    const results = new RuleResults();
    const targets = aptTargets(context, hints, results);
    // a layer whose lists must stay is not fixed: a later cleanup of them stays too
    const fixedLayers = new Set([...targets.values()].flatMap((entry) => (entry.reader ? [] : entry.hints.map((hint) => hint.layer))));
    const cleanups = laterCleanups(context, fixedLayers);
    for (const [ins, { view, hints: all, merged, reader }] of targets) {
      const group = reader ? all.filter((hint) => !LIST_HINTS.has(hint.id)) : all;
      if (reader) {
        const kept = all.filter((hint) => LIST_HINTS.has(hint.id));
        results.skip(kept, `the RUN at line ${reader.line} installs with apt from these lists without an apt-get update of its own: they stay`);
        if (group.length === 0) continue;
      }
      const edits: TextEdit[] = [];
      if (merged) {
        edits.push(removeInstruction(context.model, merged));
        if (!view.commands.some((c) => isSubcommand(c, APT, ["update"]))) edits.push(prependCommand(view, "apt-get update"));
      }
      const added = cleanupCommands(view, group, reader === undefined);
      if (added.length > 0) edits.push(appendCommands(context.model, view, added));
      const dropped: number[] = [];
      for (const [later, cleanup] of cleanups) {
        if (!group.some((hint) => cleanup.after.has(hint.layer))) continue;
        edits.push(...removeUnits(context.model, cleanup.view, cleanup.units));
        dropped.push(later.line);
        cleanups.delete(later);
      }
      const what = [
        merged ? `apt-get update of line ${merged.line} merged into this RUN` : "",
        added.length > 0 ? `${added.join(" and ")} at its end` : "",
        dropped.length > 0 ? `the apt cleanup of line ${dropped.join(", ")} dropped` : "",
      ].filter(Boolean);
      if (what.length === 0) {
        results.skip(group, `the RUN at line ${ins.line} already cleans apt's lists and caches`);
        continue;
      }
      const accounts = reader ? CACHE_GLOBS : APT_GLOBS;
      const layers = new Set([...group.map((hint) => hint.layer), ...[ins, merged].flatMap((i) => (i ? (context.layerOfLine(i.line) ?? []) : []))]);
      results.add(
        {
          rule: merged ? "apt-update-merge" : "apt-clean",
          line: (merged ?? ins).line,
          description: what.join("; "),
          edits,
          accounts,
          expectedBytes: bytesUnder(context, layers, accounts),
        },
        group,
      );
    }
    return results;
  },
};

interface AptTarget {
  view: RunView;
  hints: Hint[];
  /** The RUN of `apt-get update` alone merged into this one */
  merged?: ModelInstruction;
  /** A later RUN that installs from these lists without an update of its own */
  reader?: ModelInstruction;
}

/** The RUN each group of hints is fixed in: its own, or the installing RUN its `apt-get update` merges into. */
function aptTargets(context: RuleContext, hints: Hint[], results: RuleResults): Map<ModelInstruction, AptTarget> {
  const targets = new Map<ModelInstruction, AptTarget>();
  for (const [ins, group] of byInstruction(context, hints, results)) {
    const view = context.run(ins);
    if ("error" in view) {
      results.skip(group, view.error);
      continue;
    }
    let target: ModelInstruction = ins;
    let merged: ModelInstruction | undefined;
    if (view.units.every((unit) => isSubcommand(unit.command, APT, ["update"]))) {
      const next = installingRunAfter(context, ins);
      if (typeof next === "string") {
        results.skip(group, next);
        continue;
      }
      [target, merged] = [next, ins];
    } else if (!view.commands.some((c) => isSubcommand(c, APT, ["install", "update", "upgrade", "dist-upgrade", "remove", "purge", "autoremove"]))) {
      results.skip(group, `the RUN at line ${ins.line} runs no apt-get install, update or remove`);
      continue;
    }
    const targetView = context.run(target) as RunView;
    const entry = targets.get(target) ?? { view: targetView, hints: [], reader: listsReaderAfter(context, target) };
    entry.hints.push(...group);
    entry.merged ??= merged;
    targets.set(target, entry);
  }
  return targets;
}

/** What the hints name: a RUN that mounts a cache at /var/cache/apt leaves no apt-cache hint, and keeps its cache. */
function cleanupCommands(view: RunView, group: Hint[], listsMayGo: boolean): string[] {
  const added: string[] = [];
  if (group.some((hint) => hint.id !== "apt-lists") && !view.commands.some((c) => isSubcommand(c, APT, ["clean"]))) added.push("apt-get clean");
  if (
    listsMayGo &&
    group.some((hint) => hint.id !== "apt-cache") &&
    !view.commands.some((c) => c.name === "rm" && literalArgs(c).some((arg) => arg !== undefined && LISTS_RM.test(arg)))
  ) {
    added.push("rm -rf /var/lib/apt/lists/*");
  }
  return added;
}

/** The next RUN of the stage, when it installs with apt and nothing between them may change apt's sources. */
function installingRunAfter(context: RuleContext, ins: ModelInstruction): ModelInstruction | string {
  const later = context.model.instructions.filter((other) => other.stage === ins.stage && other.line > ins.line);
  for (const other of later) {
    if ((other.keyword === "COPY" || other.keyword === "ADD") && /\/etc\/apt\b/.test(context.body(other))) {
      return `the apt-get update RUN at line ${ins.line} is followed by a COPY into /etc/apt: left as it is`;
    }
    if (other.keyword !== "RUN") continue;
    const view = context.run(other);
    if (!("error" in view) && view.commands.some((c) => isSubcommand(c, APT, ["install"]))) return other;
    return `the RUN after the apt-get update of line ${ins.line} does not install with apt: left as it is`;
  }
  return `no RUN installs with apt after the apt-get update of line ${ins.line}`;
}

/**
 * What cleaning in the RUN saves: every byte its layers write under the globs, the copies a later layer replaces
 * (a later apt run rewrites pkgcache.bin) included, which the hints, counting what the final image keeps, leave out.
 */
function bytesUnder(context: RuleContext, layers: Set<number>, globs: string[]): number {
  const test = globTest(globs, { dot: true });
  let sum = 0;
  for (const layer of layers) {
    for (const change of context.analysis.tree.changesOf(layer)) if (change.kind !== "removed" && test(change.path)) sum += change.size;
  }
  return sum;
}

/**
 * The first later RUN, of the stage or of a stage built on it, that reads apt's package lists before any
 * `apt-get update` of its own: removing the lists in `ins` would leave it no package to install.
 */
function listsReaderAfter(context: RuleContext, ins: ModelInstruction): ModelInstruction | undefined {
  const stages = context.stagesFrom(ins.stage);
  return context.model.instructions.find((other) => {
    if (other.keyword !== "RUN" || !stages.has(other.stage) || other.start <= ins.start) return false;
    const view = context.run(other);
    if ("error" in view) return /\bapt(?:-get|-cache)?\b/.test(context.body(other));
    const update = view.commands.find((c) => isSubcommand(c, APT, ["update"]))?.words[0].start ?? Infinity;
    return view.commands.some((c) => (isSubcommand(c, APT, READS_LISTS) || c.name === "apt-cache") && c.words[0].start < update);
  });
}

/**
 * Later RUNs whose apt cleanup becomes useless: every layer whose apt files they delete is being fixed. Their
 * cleanup units (apt-get clean, rm of apt paths only) go.
 */
function laterCleanups(context: RuleContext, fixedLayers: Set<number>): Map<ModelInstruction, { view: RunView; units: Set<number>; after: Set<number> }> {
  const writers = new Map<number, Set<number>>();
  for (const item of context.analysis.summary.waste) {
    if (item.kind !== "deleted" || item.removedBy === undefined || !isAptPath(item.path)) continue;
    const set = writers.get(item.removedBy) ?? new Set<number>();
    set.add(item.addedBy);
    writers.set(item.removedBy, set);
  }
  const found = new Map<ModelInstruction, { view: RunView; units: Set<number>; after: Set<number> }>();
  for (const [remover, after] of writers) {
    if (![...after].every((layer) => fixedLayers.has(layer))) continue;
    const ins = context.instructionOfLayer(remover);
    const view = ins && context.run(ins);
    if (!ins || !view || "error" in view) continue;
    const units = new Set(view.units.flatMap((unit, i) => (isAptCleanup(unit.command) ? [i] : [])));
    if (units.size > 0) found.set(ins, { view, units, after });
  }
  return found;
}

function isAptCleanup(command: ShellCommand | undefined): boolean {
  if (isSubcommand(command, APT, ["clean", "autoclean"])) return true;
  if (command?.name !== "rm") return false;
  const paths = literalArgs(command).filter((arg) => !arg?.startsWith("-"));
  return paths.length > 0 && paths.every((arg) => arg !== undefined && isAptPath(arg.replace(/\/\*$/, "/x")));
}
