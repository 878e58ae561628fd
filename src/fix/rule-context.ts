import { withoutTrailingSlashes } from "../text/trim.js";
import { HintContext } from "../analysis/hints/context.js";
import type { Hint } from "../analysis/hints/types.js";
import type { Analysis } from "../analysis/types.js";
import { instructionAt, parentStage, type DockerfileModel, type ModelInstruction } from "./dockerfile-model.js";
import { runView, type RunView } from "./run-view.js";
import type { ShellParser } from "./shell.js";
import { fixedHint, type FixMode, type PlannedFix, type SkippedHint } from "./types.js";

/** What every rule reads: the Dockerfile, the analysis behind the hints, and each layer's instruction. */
export class RuleContext {
  private readonly views = new Map<ModelInstruction, RunView | { error: string }>();
  private readonly layers: HintContext;

  constructor(
    readonly model: DockerfileModel,
    readonly analysis: Analysis,
    readonly mode: FixMode,
    private readonly parser: ShellParser,
    target?: string,
  ) {
    this.layers = new HintContext(analysis, { text: model.text, target });
  }

  /** The instruction that made a layer, when the Dockerfile was matched to the image. */
  instructionOfLayer(layer: number): ModelInstruction | undefined {
    const line = this.layers.lineOf(layer);
    return line === undefined ? undefined : instructionAt(this.model, line);
  }

  /** The layer a Dockerfile line made, when the Dockerfile was matched to the image. */
  layerOfLine(line: number): number | undefined {
    for (let layer = 0; layer < this.analysis.summary.layers.length; layer++) if (this.layers.lineOf(layer) === line) return layer;
    return undefined;
  }

  instructionOf(hint: Hint): ModelInstruction | undefined {
    return hint.line !== undefined ? instructionAt(this.model, hint.line) : this.instructionOfLayer(hint.layer);
  }

  /** The RUN's parsed shell, or why it cannot be rewritten (parsed once per instruction). */
  run(ins: ModelInstruction): RunView | { error: string } {
    let view = this.views.get(ins);
    if (!view) this.views.set(ins, (view = runView(this.model, ins, this.parser)));
    return view;
  }

  /**
   * The absolute WORKDIR in effect at an instruction ("/" when none), undefined when it holds a variable. A stage
   * built on an earlier one (`FROM base`) starts in that stage's WORKDIR.
   */
  workdirAt(ins: ModelInstruction): string | undefined {
    const stages = new Set<number>();
    for (let stage: number | undefined = ins.stage; stage !== undefined; stage = parentStage(this.model, stage)) stages.add(stage);
    let dir = "/";
    for (const other of this.model.instructions) {
      if (other.line >= ins.line) break;
      if (!stages.has(other.stage) || other.keyword !== "WORKDIR") continue;
      const value = this.model.text.slice(other.bodyStart, other.end).trim();
      if (value.includes("$")) return undefined;
      dir = value.startsWith("/") ? value : `${dir.replace(/\/$/, "")}/${value}`;
    }
    return dir.length > 1 ? withoutTrailingSlashes(dir) : dir;
  }

  /** The stage and every stage built on it (`FROM build AS final`), by index. */
  stagesFrom(stage: number): Set<number> {
    const stages = new Set([stage]);
    for (const other of this.model.stages) {
      const parent = parentStage(this.model, other.index);
      if (parent !== undefined && stages.has(parent)) stages.add(other.index);
    }
    return stages;
  }

  /** The instruction's text after its keyword and flags. */
  body(ins: ModelInstruction): string {
    return this.model.text.slice(ins.bodyStart, ins.end);
  }
}

/** What a rule gives: its fixes, and the hints it leaves with the reason. */
export interface RuleResult {
  fixes: PlannedFix[];
  skipped: SkippedHint[];
}

export interface FixRule {
  /** The hint ids it answers */
  ids: readonly string[];
  /** The modes it runs in */
  modes: readonly FixMode[];
  apply(context: RuleContext, hints: Hint[]): RuleResult;
}

/** A RuleResult that collects fixes and skips. */
export class RuleResults implements RuleResult {
  fixes: PlannedFix[] = [];
  skipped: SkippedHint[] = [];

  skip(hints: Hint | Hint[], reason: string): void {
    for (const hint of Array.isArray(hints) ? hints : [hints]) this.skipped.push({ hint: fixedHint(hint), reason });
  }

  add(fix: Omit<PlannedFix, "hints" | "expectedBytes" | "ignore" | "accounts"> & Partial<PlannedFix>, hints: Hint[]): void {
    this.fixes.push({
      ignore: [],
      accounts: [],
      ...fix,
      hints: hints.map(fixedHint),
      expectedBytes: fix.expectedBytes ?? hints.reduce((sum, hint) => sum + hint.bytes, 0),
    });
  }
}

/** Hints grouped by the instruction they point at; those without one are skipped. */
export function byInstruction(context: RuleContext, hints: Hint[], results: RuleResults): Map<ModelInstruction, Hint[]> {
  const groups = new Map<ModelInstruction, Hint[]>();
  for (const hint of hints) {
    const ins = context.instructionOf(hint);
    if (!ins) {
      results.skip(
        hint,
        context.instructionOfLayer(hint.layer) === undefined && hint.layer === 0
          ? "the base image wrote it: no instruction of this Dockerfile can change that"
          : `no Dockerfile instruction matches layer ${hint.layer}`,
      );
      continue;
    }
    const list = groups.get(ins);
    if (list) list.push(hint);
    else groups.set(ins, [hint]);
  }
  return groups;
}

/** Calls `visit` for each RUN the hints point at whose shell can be rewritten; the others' hints are skipped. */
export function eachRun(context: RuleContext, hints: Hint[], results: RuleResults, visit: (ins: ModelInstruction, view: RunView, group: Hint[]) => void): void {
  for (const [ins, group] of byInstruction(context, hints, results)) {
    const view = context.run(ins);
    if ("error" in view) results.skip(group, view.error);
    else visit(ins, view, group);
  }
}
