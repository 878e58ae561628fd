import { rulesVerdict } from "../analysis/rules.js";
import type { RuleSetChoice } from "../analysis/rules-types.js";
import type { ImageAnalysis } from "../analysis/types.js";
import type { LayerscopeConfig } from "../config/types.js";
import { formatDiffMarkdown } from "../report/diff-markdown.js";
import { formatDiffText } from "../report/diff-text.js";
import { runResult } from "../report/format.js";
import { formatHintsMarkdown } from "../report/hints-markdown.js";
import { formatHintsText } from "../report/hints-text.js";
import { formatJunitReport } from "../report/junit.js";
import { formatMarkdownReport } from "../report/markdown.js";
import { formatTextReport } from "../report/text.js";
import { UsageError } from "./errors.js";
import { ciFromEnv, useColor, type CliIo } from "./io.js";
import { loadAnalysis, openSource, readPassword, type LoadOptions, type SourceFlags } from "./load-analysis.js";
import { jsonReportOf, loadReportModel, type ModelRequest, type ReportModel } from "./report-model.js";
import { runLiveUi } from "./live-ui.js";
import { checkReportsSpareInputs, inputsOf, stdoutReport, writeReport, writeReportChunks, type ReportTargets } from "./outputs.js";
import { writeSarifReport } from "./sarif-output.js";
import { hintsFor, readDockerfile } from "./review.js";
import { absolutePath } from "../fs/paths.js";
import { junkRulesFor } from "../config/junk-rules.js";
import { resolveSettings, type ResolvedSettings, type RuleFlags } from "./settings.js";
import { ignoresBase, type BaseFlags } from "./base-option.js";

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
  await checkReportsSpareInputs(flags, inputsOf(reference, flags.dockerfile, flags.baseline), io);
  const ci = flags.ci === true || ciFromEnv(io.env);
  const anyReport = [flags.json, flags.junit, flags.markdown, flags.sarif, flags.html].some((target) => target !== undefined);
  // the UI needs keys as well as a screen: with stdin redirected, print the report instead
  const interactive = io.stdoutIsTTY && io.stdinIsTTY !== false && !ci && !anyReport;
  const tui = interactive ? loadTui() : undefined;

  const dockerfile = await readDockerfile(flags.dockerfile, io.cwd, flags.target);
  const load = { junkRules: junkRulesFor(settings.config), showProgress: toStdout !== "json", duplicates: flags.duplicates };
  const sourceFlags = { ...flags, ...built?.flags };
  const inputs = modelInputs(flags, settings, dockerfile, sourceFlags, io, load, built);
  if (tui) {
    const dockerfileFor =
      dockerfile !== undefined && flags.dockerfile !== undefined ? { text: dockerfile, path: absolutePath(flags.dockerfile, io.cwd) } : undefined;
    const look = { openSource: () => openSource(reference, { ...sourceFlags, save: undefined }, io), cwd: io.cwd };
    return runLiveUi(tui, reference, sourceFlags, io, load, { ...inputs, dockerfileFor, look });
  }
  const model = await loadReportModel(reference, sourceFlags, io, load, {
    ...inputs,
    wants: {
      summary: toStdout === undefined || [flags.junit, flags.markdown, flags.sarif].some((target) => target !== undefined),
      json: flags.json !== undefined,
      html: flags.html !== undefined,
    },
    // --json-files needs the whole analysis; --save needs the layers read; --baseline another image
    cacheable: flags.jsonFiles !== true && flags.save === undefined && flags.baseline === undefined,
  });
  await writeReports(model, flags, settings.ruleSet, io);
  if (toStdout === undefined) printReport(model, ci, flags, settings.ruleSet, io);
  const failed = rulesVerdict(model.rules) === "fail" || model.baseline?.verdict === "fail";
  return ci && failed ? 1 : 0;
}

/** What the report model is made from besides the image: settings, Dockerfile, base, baseline. */
function modelInputs(
  flags: AnalyzeFlags,
  settings: ResolvedSettings,
  dockerfile: string | undefined,
  sourceFlags: AnalyzeFlags,
  io: CliIo,
  load: LoadOptions,
  built: BuiltHead | undefined,
): Omit<ModelRequest, "wants" | "cacheable"> {
  const credentials = flags.passwordStdin && flags.username ? { username: flags.username, password: readPassword(flags, io) } : undefined;
  return {
    settings,
    dockerfile,
    target: flags.target,
    ...(built ? { built: { reference: built.reference, name: built.name } } : {}),
    base: { flags: sourceFlags, ...(credentials ? { credentials } : {}) },
    ignoreBase: ignoresBase(flags, settings.config),
    duplicates: flags.duplicates,
    ...(flags.baseline !== undefined ? { baseline: baselineStep(flags.baseline, settings.config, flags, io, load) } : {}),
  };
}

/** The figures, which every report but a cached JSON one reads. */
function figuresOf(model: ReportModel): ImageAnalysis {
  if (!model.summary) throw new Error("the report model has no figures");
  return model.summary;
}

/** The reports asked for by file (or one of them on stdout): JSON, JUnit, Markdown, SARIF, HTML. */
async function writeReports(model: ReportModel, flags: AnalyzeFlags, ruleSet: RuleSetChoice, io: CliIo): Promise<void> {
  const { hints, rules, removable, baseline } = model;
  if (flags.json !== undefined) {
    const files = flags.jsonFiles === true ? model.analysis?.tree : undefined;
    if (model.jsonReport) await writeReport(flags.json, model.jsonReport, io);
    else await writeReportChunks(flags.json, jsonReportOf(model, figuresOf(model), ruleSet, files), io);
  }
  if (flags.junit !== undefined) await writeReport(flags.junit, formatJunitReport(figuresOf(model), rules, baseline?.checks), io);
  if (flags.markdown !== undefined) {
    const sections = [
      formatMarkdownReport(figuresOf(model), rules, 10, ruleSet, baseline?.checks),
      formatHintsMarkdown(hints, undefined, undefined, removable),
      baseline && formatDiffMarkdown(baseline, 10),
    ];
    await writeReport(flags.markdown, sections.filter(Boolean).join("\n"), io);
  }
  if (flags.sarif !== undefined) await writeSarifReport(flags.sarif, hints, figuresOf(model), flags.dockerfile, io);
  if (flags.html !== undefined && model.htmlPage) {
    const { formatAnalysisPage } = await import("../report/html/index.js"); // only with --html
    await writeReport(flags.html, formatAnalysisPage(model.htmlPage), io);
  }
}

/** The text report on stdout (with the rules in CI mode), then the hints and the diff from the baseline. */
function printReport(model: ReportModel, ci: boolean, flags: AnalyzeFlags, ruleSet: RuleSetChoice, io: CliIo): void {
  const color = useColor(io, flags.color);
  const width = io.stdoutIsTTY ? io.columns : undefined;
  io.stdout(formatTextReport(figuresOf(model), ci ? model.rules : [], { color, width, ruleSet }));
  const hintText = formatHintsText(model.hints, { color, width, removable: model.removable });
  if (hintText) io.stdout("\n" + hintText);
  if (model.baseline) io.stdout("\n" + formatDiffText(model.baseline, { color, width, top: 10 }));
  // the rules' Result line comes before the diff: in CI, the last line says what the exit status does
  if (ci && model.baseline) io.stdout(`\nResult: ${runResult(model.rules, model.baseline.checks)}\n`);
}

/** `--baseline BASE`: the diff from BASE to this image, with the `diff:` limits of the config, and the pull it costs. */
function baselineStep(reference: string, config: LayerscopeConfig, flags: AnalyzeFlags, io: CliIo, load: LoadOptions): ModelRequest["baseline"] {
  return async (head, headHints) => {
    const base = await loadAnalysis(reference, flags, io, load);
    const baseHints = hintsFor(base, undefined, flags.target, config);
    const { diffAnalyses } = await import("../diff/diff-images.js"); // only with --baseline
    const diff = diffAnalyses(base, head, { baseHints, headHints, limits: config.diff, top: 20 });
    const { pullCost } = await import("../diff/pull-cost.js");
    return { diff, pull: await pullCost(reference, head.summary.layers, diff) };
  };
}

type TuiModule = typeof import("../tui/run.js");

/**
 * Ink and React load only for the UI (they cost start-up time, and Ink misbehaves under CI=true), and while the
 * image is opened, so that their loading fills its waits for the disk instead of following it.
 */
function loadTui(): Promise<TuiModule> {
  const loading = import("../tui/run.js");
  loading.catch(() => {}); // unused when the analysis fails; otherwise its error is thrown where it is awaited
  return loading;
}
