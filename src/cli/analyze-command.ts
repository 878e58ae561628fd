import { removableBytes } from "../analysis/hints/removable.js";
import type { Hint } from "../analysis/hints/types.js";
import { rulesVerdict } from "../analysis/rules.js";
import type { Analysis, PullCost } from "../analysis/types.js";
import type { LayerscopeConfig } from "../config/types.js";
import type { ImageDiff } from "../diff/types.js";
import { formatDiffMarkdown } from "../report/diff-markdown.js";
import { formatDiffText } from "../report/diff-text.js";
import { formatHintsMarkdown } from "../report/hints-markdown.js";
import { formatHintsText } from "../report/hints-text.js";
import { jsonReportChunks } from "../report/json.js";
import { formatJunitReport } from "../report/junit.js";
import { formatMarkdownReport } from "../report/markdown.js";
import { formatTextReport } from "../report/text.js";
import { UsageError } from "./errors.js";
import { ciFromEnv, useColor, type CliIo } from "./io.js";
import { loadAnalysis, openSource, readPassword, type LoadOptions, type SourceFlags } from "./load-analysis.js";
import { stdoutReport, writeReport, writeReportChunks, type ReportTargets } from "./outputs.js";
import { writeSarifReport } from "./sarif-output.js";
import { absolutePath, hintsFor, junkRulesFor, readDockerfile } from "./review-inputs.js";
import { resolveSettings, type RuleFlags } from "./settings.js";
import { attributeBase, evaluateRulesFor, hintsOfOwnLayers, ignoresBase, keepSourceFacts, type BaseFlags, type SourceFacts } from "./base-option.js";

export interface AnalyzeFlags extends RuleFlags, SourceFlags, ReportTargets, BaseFlags {
  ci?: boolean;
  html?: string;
  color: boolean;
  dockerfile?: string;
  target?: string;
  baseline?: string;
  jsonFiles?: boolean;
  duplicates?: string | boolean;
}

/** An image handed over by `layerscope build`: how to read it, and the names to show for it. */
export interface BuiltHead {
  flags: Partial<SourceFlags>;
  reference: string;
  name?: string;
}

/** `layerscope IMAGE`: analyse, then the terminal UI, or reports and (in CI mode) the rules' verdict. */
export async function analyzeCommand(reference: string, flags: AnalyzeFlags, io: CliIo, built?: BuiltHead): Promise<number> {
  // a bare `--json` (commander gives true) is JSON on stdout
  if ((flags.json as unknown) === true) flags = { ...flags, json: "-" };
  if (flags.jsonFiles === true && flags.json === undefined) throw new UsageError("--json-files adds to the JSON report: give --json FILE (or -) too");
  const settings = await resolveSettings(flags, io.cwd);
  const toStdout = stdoutReport(flags);
  const ci = flags.ci === true || ciFromEnv(io.env);
  const anyReport = [flags.json, flags.junit, flags.markdown, flags.sarif, flags.html].some((target) => target !== undefined);
  // the UI needs keys as well as a screen: with stdin redirected, print the report instead
  const interactive = io.stdoutIsTTY && io.stdinIsTTY !== false && !ci && !anyReport;
  const tui = interactive ? loadTui() : undefined;

  const dockerfile = await readDockerfile(flags.dockerfile, io.cwd);
  const load = { junkRules: junkRulesFor(settings.config), showProgress: toStdout !== "json", duplicates: flags.duplicates };
  const facts: SourceFacts = {};
  const analysis = await loadAnalysis(reference, { ...flags, ...built?.flags }, io, { ...load, check: keepSourceFacts(facts) });
  const credentials = flags.passwordStdin && flags.username ? { username: flags.username, password: readPassword(flags, io) } : undefined;
  await attributeBase(analysis, facts, { ...flags, ...built?.flags }, settings.config, dockerfile === undefined ? undefined : { text: dockerfile, target: flags.target }, credentials);
  if (built) analysis.summary.image = { ...analysis.summary.image, reference: built.reference, name: built.name };
  const { summary } = analysis; // (image.pull is set below, with --baseline)
  const ignoreBase = ignoresBase(flags, settings.config);
  const hints = hintsOfOwnLayers(hintsFor(analysis, dockerfile, flags.target, settings.config), analysis, ignoreBase);
  const removable = { bytes: removableBytes(analysis, hints), imageBytes: summary.image.totalBytes };
  const baseline = flags.baseline === undefined ? undefined : await compareWithBaseline(flags.baseline, analysis, hints, settings.config, flags, io, load);
  const pull = baseline && flags.baseline !== undefined ? await pullWith(flags.baseline, analysis, baseline) : undefined;
  if (pull) analysis.summary.image.pull = pull;
  const finalTree = settings.rules.layerscope.forbidPaths !== undefined && summary.layers.length > 0
    ? analysis.tree.treeAt(summary.layers.length - 1)
    : undefined;
  const rules = evaluateRulesFor(analysis, settings.rules, ignoreBase, finalTree, { packageFiles: analysis.packageFiles, hints });
  const ruleSet = settings.ruleSet;

  if (flags.json !== undefined) {
    const files = flags.jsonFiles === true ? analysis.tree : undefined;
    await writeReportChunks(flags.json, jsonReportChunks(summary, rules, { hints, ruleSet, hintsRemovableBytes: removable.bytes, ...(baseline ? { baseline } : {}), ...(files ? { files } : {}) }), io);
  }
  if (flags.junit !== undefined) await writeReport(flags.junit, formatJunitReport(summary, rules), io);
  if (flags.markdown !== undefined) {
    const sections = [formatMarkdownReport(summary, rules, 10, ruleSet), formatHintsMarkdown(hints, undefined, undefined, removable), baseline && formatDiffMarkdown(baseline, 10)];
    await writeReport(flags.markdown, sections.filter(Boolean).join("\n"), io);
  }
  if (flags.sarif !== undefined) await writeSarifReport(flags.sarif, hints, summary, flags.dockerfile, io);
  if (flags.html !== undefined) {
    const { formatAnalysisHtml } = await import("../report/html/index.js"); // only with --html
    const page = formatAnalysisHtml(analysis, rules, hints, dockerfile === undefined ? undefined : { text: dockerfile, target: flags.target }, ruleSet);
    await writeReport(flags.html, page, io);
  }

  if (tui) {
    const dockerfileFor = dockerfile !== undefined && flags.dockerfile !== undefined ? { text: dockerfile, path: absolutePath(flags.dockerfile, io.cwd) } : undefined;
    // with the Dockerfile, the hints overlay shows the patch fix makes for each hint (the parsers load only then)
    const hintPatches = dockerfileFor ? await (await import("./fix/hint-patches.js")).hintPatchesFor(hints, dockerfileFor, analysis, flags.target) : undefined;
    const source = { ...flags, ...built?.flags, save: undefined };
    await startTui(tui, analysis, settings.config, hints, hintPatches, { openSource: () => openSource(reference, source, io), cwd: io.cwd });
    return 0;
  }
  if (toStdout === undefined) {
    const color = useColor(io, flags.color);
    const width = io.stdoutIsTTY ? io.columns : undefined;
    io.stdout(formatTextReport(summary, ci ? rules : [], { color, width, ruleSet }));
    const hintText = formatHintsText(hints, { color, width, removable });
    if (hintText) io.stdout("\n" + hintText);
    if (baseline) io.stdout("\n" + formatDiffText(baseline, { color, width, top: 10 }));
  }
  const failed = rulesVerdict(rules) === "fail" || baseline?.verdict === "fail";
  return ci && failed ? 1 : 0;
}

/** `--baseline BASE`: the diff from BASE to this image, with the `diff:` limits of the config. */
async function compareWithBaseline(
  reference: string,
  head: Analysis,
  headHints: Hint[],
  config: LayerscopeConfig,
  flags: AnalyzeFlags,
  io: CliIo,
  load: LoadOptions,
): Promise<ImageDiff> {
  const base = await loadAnalysis(reference, flags, io, load);
  const baseHints = hintsFor(base, undefined, flags.target, config);
  const { diffAnalyses } = await import("../diff/diff-images.js"); // only with --baseline
  return diffAnalyses(base, head, { baseHints, headHints, limits: config.diff, top: 20 });
}

async function pullWith(reference: string, head: Analysis, diff: ImageDiff): Promise<PullCost | undefined> {
  const { pullCost } = await import("../diff/pull-cost.js"); // only with --baseline
  return pullCost(reference, head.summary.layers, diff);
}

type TuiModule = typeof import("../tui/run.js");
type TuiOptions = import("../tui/run.js").TuiOptions;

/**
 * Ink and React load only for the UI (they cost start-up time, and Ink misbehaves under CI=true), and while the
 * image is read, so that their loading fills the analysis' waits for the disk instead of following it.
 */
function loadTui(): Promise<TuiModule> {
  const loading = import("../tui/run.js");
  loading.catch(() => {}); // unused when the analysis fails; otherwise its error is thrown where it is awaited
  return loading;
}

async function startTui(
  tui: Promise<TuiModule>,
  analysis: Analysis,
  config: LayerscopeConfig,
  hints: Hint[],
  hintPatches: Array<string | undefined> | undefined,
  look: Pick<TuiOptions, "openSource" | "cwd">,
): Promise<void> {
  const { runTui } = await tui;
  await runTui(analysis, { keys: config.keys, hints, ...(hintPatches ? { hintPatches } : {}), ...look });
}
