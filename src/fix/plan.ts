import type { Hint } from "../analysis/hints/types.js";
import type { Analysis } from "../analysis/types.js";
import { readDockerfileModel, type DockerfileModel } from "./dockerfile-model.js";
import { applyEdits, editsOverlap } from "./edits.js";
import { FixInputError } from "./errors.js";
import { RuleContext } from "./rule-context.js";
import { runView } from "./run-view.js";
import { aptRule } from "./rules/apt.js";
import { buildStageRule } from "./rules/build-stage.js";
import { cacheRule } from "./rules/caches.js";
import { deletedLaterRule } from "./rules/deleted-later.js";
import { dockerignoreRule } from "./rules/dockerignore.js";
import { metadataRule } from "./rules/metadata.js";
import { recommendsRule } from "./rules/recommends.js";
import { secretsRule } from "./rules/secrets.js";
import { loadShellParser, type ShellParser } from "./shell.js";
import { fixedHint, type FixMode, type FixPlan, type PlannedFix, type SkippedHint, type TextEdit } from "./types.js";

/** In the order they claim edits: a later rule's fix that touches the same text as an earlier one is left out. */
const RULES = [deletedLaterRule, aptRule, cacheRule, metadataRule, dockerignoreRule, secretsRule, recommendsRule, buildStageRule];

const KEYWORDS = new Set(["FROM", "RUN", "CMD", "LABEL", "MAINTAINER", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"]);

export interface FixInput {
  /** The Dockerfile's text */
  dockerfile: string;
  /** The context's .dockerignore, when it has one */
  dockerignore?: string;
  /** The image's hints, computed with this Dockerfile (their `line` set) */
  hints: readonly Hint[];
  analysis: Analysis;
  target?: string;
  mode: FixMode;
}

/**
 * The fixes for an image's hints: each rule turns the hints it knows into edits of the Dockerfile (and entries of
 * .dockerignore); hints no rule can fix are listed with the reason. Never proposes a Dockerfile that does not
 * parse: a fix whose RUN would not parse again is left out. Throws FixInputError for a Dockerfile it will not read.
 */
export async function planFixes(input: FixInput): Promise<FixPlan> {
  const model = readDockerfileModel(input.dockerfile);
  const parser = await loadShellParser();
  const context = new RuleContext(model, input.analysis, input.mode, parser, input.target);
  const fixes: PlannedFix[] = [];
  const skipped: SkippedHint[] = [];
  const claimed = new Set<Hint>();
  for (const rule of RULES) {
    if (!rule.modes.includes(input.mode)) continue;
    const hints = input.hints.filter((hint) => rule.ids.includes(hint.id));
    hints.forEach((hint) => claimed.add(hint));
    if (hints.length === 0) continue;
    const result = rule.apply(context, hints);
    skipped.push(...result.skipped);
    for (const fix of result.fixes) {
      const clash = fixes.find((other) => other.edits.some((a) => fix.edits.some((b) => editsOverlap(a, b))));
      const broken = clash ? undefined : unparsedRun(model, fix.edits, parser);
      if (clash || broken) {
        const reason = clash ? `it changes the same text as the ${clash.rule} fix of line ${clash.line}` : broken!;
        skipped.push(...fix.hints.map((hint) => ({ hint, reason })));
      } else fixes.push(fix);
    }
  }
  for (const hint of input.hints) {
    if (claimed.has(hint)) continue;
    const why = input.mode === "safe" && hint.id === "apt-recommends" ? "it changes what is installed (--apply all)" : `no automatic fix for ${hint.id}`;
    skipped.push({ hint: fixedHint(hint), reason: why });
  }
  const after = applyEdits(model.text, fixes.flatMap((fix) => fix.edits));
  const broken = unparsedRun(model, fixes.flatMap((fix) => fix.edits), parser);
  if (broken) throw new FixInputError(`the fixes together would write a Dockerfile that does not parse (${broken}): nothing proposed`);
  const plan: FixPlan = { mode: input.mode, fixes, skipped, dockerfile: { before: model.text, after } };
  const ignore = mergeIgnore(input.dockerignore, fixes.flatMap((fix) => fix.ignore));
  if (ignore !== undefined) plan.dockerignore = { ...(input.dockerignore !== undefined ? { before: input.dockerignore } : {}), after: ignore };
  return plan;
}

/** Why the edited Dockerfile does not parse (a RUN whose shell no longer does), or undefined when it does. */
function unparsedRun(model: DockerfileModel, edits: TextEdit[], parser: ShellParser): string | undefined {
  if (edits.length === 0) return undefined;
  let edited: DockerfileModel;
  try {
    edited = readDockerfileModel(applyEdits(model.text, edits));
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
  const before = new Set(model.instructions.map((ins) => model.text.slice(ins.start, ins.end)));
  const unknown = edited.instructions.find((ins) => !KEYWORDS.has(ins.keyword) && !before.has(edited.text.slice(ins.start, ins.end)));
  if (unknown) return `the edits would make line ${unknown.line} an unknown instruction`;
  for (const ins of edited.instructions) {
    if (ins.keyword !== "RUN" || before.has(edited.text.slice(ins.start, ins.end))) continue;
    const view = runView(edited, ins, parser);
    if ("error" in view) return `the rewritten ${view.error}`;
  }
  return undefined;
}

/** The .dockerignore with the entries it lacks appended; undefined when it needs none. */
function mergeIgnore(existing: string | undefined, entries: string[]): string | undefined {
  const present = new Set((existing ?? "").split(/\r?\n/).map((line) => line.trim()));
  const missing = [...new Set(entries)].filter((entry) => !present.has(entry) && !present.has(`/${entry}`));
  if (missing.length === 0) return undefined;
  const eol = existing?.includes("\r\n") ? "\r\n" : "\n";
  const head = existing === undefined || existing === "" ? "" : existing.endsWith("\n") ? existing : existing + eol;
  return head + missing.map((entry) => entry + eol).join("");
}
