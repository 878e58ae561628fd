import type { Hint } from "../../analysis/hints/types.js";
import type { ModelInstruction } from "../dockerfile-model.js";
import { eachRun, RuleResults, type FixRule, type RuleContext } from "../rule-context.js";
import { appendCommands, literalArgs, removeUnits, type RunView } from "../run-view.js";
import type { ShellUnit } from "../shell.js";
import type { TextEdit } from "../types.js";

interface MetadataChange {
  unit: number;
  command: "chmod" | "chown";
  value: string;
  target: string;
  /** The instruction that wrote the file */
  origin: ModelInstruction;
  /** The bytes the change re-emits (the shadowed copy) */
  bytes: number;
}

/**
 * A RUN that only changes the mode or owner of files an earlier instruction wrote re-emits them whole. The change
 * moves to where they are written: `COPY --chmod/--chown` for a file a COPY or ADD wrote (BuildKit, buildah and
 * podman accept both flags; Docker's legacy builder only --chown), the same chmod/chown at the end of the RUN that
 * wrote it otherwise. Only literal octal modes, owners and absolute paths, without options such as -R; an owner by
 * name only when no RUN runs between (it may create the user).
 */
export const metadataRule: FixRule = {
  ids: ["metadata-reemit"],
  modes: ["safe", "all"],
  apply(context, hints) {
    const results = new RuleResults();
    eachRun(context, hints, results, (ins, view, group) => {
      const units = view.units.flatMap((unit, i) => changesOf(context, group, unit, i) ?? []);
      const movable = new Set(units.filter((u) => u.changes !== undefined && u.changes.every((c) => canMove(context, c, ins))).map((u) => u.unit));
      const changes = units.flatMap((u) => (movable.has(u.unit) ? u.changes! : []));
      if (movable.size === 0) return results.skip(group, `no chmod/chown of the RUN at line ${ins.line} can move to where its files are written`);
      const moved = changes;
      results.add(
        {
          rule: "metadata-where-written",
          line: ins.line,
          description: moved
            .map(
              (c) =>
                `${c.command} ${c.value} ${c.target} → ${c.origin.keyword === "RUN" ? "the RUN" : `${c.origin.keyword} --${c.command}`} of line ${c.origin.line}`,
            )
            .join("; "),
          edits: [...moveEdits(context, moved), ...removeUnits(context.model, view, movable)],
          accounts: moved.map((change) => change.target),
          // a chmod/chown left in place (touch -d, a -R) still re-emits its files: only the moved ones are saved
          expectedBytes: [...new Map(moved.map((change) => [change.target, change.bytes])).values()].reduce((sum, bytes) => sum + bytes, 0),
        },
        group,
      );
    });
    return results;
  },
};

/** The changes of a chmod/chown unit (undefined changes: one of them cannot move); null for any other unit. */
function changesOf(context: RuleContext, hints: Hint[], unit: ShellUnit, index: number): { unit: number; changes?: MetadataChange[] } | null {
  const name = unit.command?.name;
  if (name !== "chmod" && name !== "chown") return null;
  const [value, ...targets] = literalArgs(unit.command);
  const valid = name === "chmod" ? /^[0-7]{3,4}$/ : /^[A-Za-z0-9_.-]+(?::[A-Za-z0-9_.-]+)?$/;
  if (unit.command?.redirected || value === undefined || !valid.test(value) || targets.length === 0) return { unit: index };
  const layer = hints[0].layer;
  const stage = context.instructionOfLayer(layer)?.stage;
  const changes: MetadataChange[] = [];
  for (const target of targets) {
    if (target === undefined || !target.startsWith("/")) return { unit: index };
    const item = context.analysis.summary.waste.find((w) => w.kind === "shadowed" && w.path === target && w.removedBy === layer);
    const origin = item && context.instructionOfLayer(item.addedBy);
    if (!origin || origin.stage !== stage) return { unit: index };
    changes.push({ unit: index, command: name, value, target, origin, bytes: item.bytes });
  }
  return { unit: index, changes };
}

function canMove(context: RuleContext, change: MetadataChange, run: ModelInstruction): boolean {
  const { origin } = change;
  // a user or group named, not numbered, may be created by a RUN between (useradd): it does not exist earlier
  const named = change.command === "chown" && !/^\d+(?::\d+)?$/.test(change.value);
  if (named && context.model.instructions.some((other) => other.keyword === "RUN" && other.start > origin.start && other.start < run.start)) return false;
  if (origin.keyword === "RUN") return !("error" in context.run(origin));
  if (origin.keyword !== "COPY" && origin.keyword !== "ADD") return false;
  if (origin.execForm || origin.heredocs > 0 || origin.flags.some((flag) => flag.name === change.command)) return false;
  return copyDestination(context, origin) === change.target;
}

/** The file a single-source COPY/ADD writes, when it writes one file to a path known without variables. */
function copyDestination(context: RuleContext, ins: ModelInstruction): string | undefined {
  const words = context
    .body(ins)
    .replace(/\\\r?\n/g, " ")
    .trim()
    .split(/\s+/);
  if (words.length !== 2 || words.some((word) => word.includes("$") || /[*?[]/.test(word))) return undefined;
  const [source, dest] = words;
  const workdir = context.workdirAt(ins);
  if (workdir === undefined) return undefined;
  const absolute = dest.startsWith("/") ? dest : `${workdir.replace(/\/$/, "")}/${dest}`;
  const base =
    source
      .split("/")
      .filter((part) => part !== "")
      .at(-1) ?? "";
  return absolute.endsWith("/") || dest === "." ? `${absolute.replace(/\/?\.?$/, "")}/${base}` : absolute;
}

function moveEdits(context: RuleContext, moved: MetadataChange[]): TextEdit[] {
  const edits: TextEdit[] = [];
  const byOrigin = new Map<ModelInstruction, MetadataChange[]>();
  for (const change of moved) byOrigin.set(change.origin, [...(byOrigin.get(change.origin) ?? []), change]);
  for (const [origin, changes] of byOrigin) {
    if (origin.keyword === "RUN") {
      edits.push(
        appendCommands(
          context.model,
          context.run(origin) as RunView,
          changes.map((c) => `${c.command} ${c.value} ${c.target}`),
        ),
      );
    } else {
      edits.push({ start: origin.bodyStart, end: origin.bodyStart, text: changes.map((c) => `--${c.command}=${c.value} `).join("") });
    }
  }
  return edits;
}
