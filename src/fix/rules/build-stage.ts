import { eachRun, RuleResults, type FixRule, type RuleContext } from "../rule-context.js";
import type { ModelInstruction } from "../dockerfile-model.js";
import type { TextEdit } from "../types.js";
import { DPKG_DATABASE } from "./recommends.js";

/** Instructions that set the image's config, repeated in the new final stage */
const CONFIG = new Set(["ENV", "ARG", "LABEL", "USER", "WORKDIR", "CMD", "ENTRYPOINT", "EXPOSE", "STOPSIGNAL", "HEALTHCHECK", "VOLUME", "SHELL"]);
const MAX_PRODUCTS = 8;

/**
 * `--apply all`: build tools moved into a build stage. The one shape handled: a single-stage Dockerfile whose
 * first instruction after FROM that writes files is the RUN installing the tools (every package it asks for is a
 * build tool), followed by the build. The stage becomes `AS build`; a new final stage starts from the same image,
 * copies with `COPY --from=build` each file the later instructions left outside their WORKDIR (at most 8), and
 * repeats the stage's config instructions (ENV, WORKDIR, USER, CMD…). Flagged: what is copied must not need the
 * build stage's libraries.
 */
export const buildStageRule: FixRule = {
  ids: ["build-tools"],
  modes: ["all"],
  apply(context, hints) {
    const results = new RuleResults();
    eachRun(context, hints, results, (ins, _view, group) => {
      const shape = buildShape(context, ins);
      if (typeof shape === "string") return results.skip(group, shape);
      const { from, products, config } = shape;
      const { model } = context;
      const name = model.stages[0].name;
      const edits: TextEdit[] = [];
      if (name === undefined) edits.push({ start: from.end, end: from.end, text: " AS build" });
      const stage = name ?? "build";
      const base = withoutStageName(model.text.slice(from.start, from.end));
      const lines = [base, ...products.map((path) => `COPY --from=${stage} ${path} ${path}`), ...config.map((c) => model.text.slice(c.start, c.end))];
      const head = model.text.endsWith("\n") ? model.eol : model.eol + model.eol;
      edits.push({ start: model.text.length, end: model.text.length, text: head + lines.join(model.eol) + model.eol });
      const packages = toolPackages(context, group[0].layer);
      results.add(
        {
          rule: "build-stage",
          line: ins.line,
          description: `the stage becomes \`${stage}\`; a final stage copies ${products.join(", ")}`,
          edits,
          accounts: [...writtenFrom(context, group[0].layer), ...DPKG_DATABASE],
          packages: packages.map((p) => ({ name: p.name, bytes: p.bytes })),
          review: "what is copied from the build stage must not need its libraries or other files: check it runs",
        },
        group,
      );
    });
    return results;
  },
};

function buildShape(context: RuleContext, ins: ModelInstruction): { from: ModelInstruction; products: string[]; config: ModelInstruction[] } | string {
  const { model, analysis } = context;
  if (model.stages.length !== 1 || ins.stage !== 0) return "the Dockerfile has more than one stage: not the shape fix moves into a build stage";
  const stage = model.instructions.filter((other) => other.stage === 0);
  const from = stage[0];
  const before = stage.filter((other) => other.line > from.line && other.line < ins.line);
  if (before.some((other) => !CONFIG.has(other.keyword))) return `instructions before line ${ins.line} write files: not the shape fix moves into a build stage`;
  const layer = context.layerOfLine(ins.line);
  if (layer === undefined) return `no layer matches line ${ins.line}`;
  const requested = (analysis.summary.packages?.packages ?? []).filter((p) => p.layer === layer && p.reason === "requested");
  if (requested.length === 0 || requested.some((p) => !p.buildTool)) return `the RUN at line ${ins.line} installs packages that are not build tools`;
  const after = stage.filter((other) => other.line > ins.line);
  const workdirs = after
    .filter((other) => other.keyword === "WORKDIR")
    .map((other) => context.workdirAt(model.instructions[model.instructions.indexOf(other) + 1] ?? other));
  if (workdirs.some((dir) => dir === undefined || dir === "/")) return "a WORKDIR after the tools is / or holds a variable";
  const junk = new Set(analysis.summary.waste.filter((item) => item.kind === "junk").map((item) => item.path));
  const products: string[] = [];
  context.analysis.tree.finalNodes?.("/", (node) => {
    if (node.layer <= layer || node.type === "dir" || junk.has(node.path)) return;
    if (workdirs.some((dir) => node.path.startsWith(`${dir}/`))) return;
    products.push(node.path);
  });
  if (products.length === 0) return "the build leaves no file outside its WORKDIR to copy into a final stage";
  if (products.length > MAX_PRODUCTS) return `the build leaves ${products.length} files outside its WORKDIR: more than fix copies one by one`;
  return { from, products: products.sort(), config: stage.filter((other) => CONFIG.has(other.keyword) && other.keyword !== "SHELL") };
}

function toolPackages(context: RuleContext, layer: number) {
  return (context.analysis.summary.packages?.packages ?? []).filter((p) => p.layer === layer).sort((a, b) => b.bytes - a.bytes);
}

/** Every path the layers from `layer` on wrote: the build stage's work, which the final stage no longer has. */
function writtenFrom(context: RuleContext, layer: number): string[] {
  const paths: string[] = [];
  for (let n = layer; n < context.analysis.tree.layerCount; n++) {
    for (const change of context.analysis.tree.changesOf(n)) if (change.kind !== "removed") paths.push(change.path);
  }
  return paths;
}

/** "FROM image AS name" → "FROM image", by words rather than a regular expression that backtracks on long blanks. */
function withoutStageName(from: string): string {
  const words = from.trimEnd().split(/[ \t]+/);
  if (words.length >= 3 && words[words.length - 2].toUpperCase() === "AS")
    return from
      .trimEnd()
      .slice(0, from.trimEnd().lastIndexOf(words[words.length - 2]))
      .trimEnd();
  return from;
}
