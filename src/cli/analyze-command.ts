import { DEFAULT_JUNK_RULES } from "../analysis/junk.js";
import { evaluateRules, rulesVerdict } from "../analysis/rules.js";
import type { Analysis, JunkRule } from "../analysis/types.js";
import { applyJunkConfig } from "../config/junk-rules.js";
import type { LayerscopeConfig } from "../config/types.js";
import { formatJsonReport } from "../report/json.js";
import { formatJunitReport } from "../report/junit.js";
import { formatMarkdownReport } from "../report/markdown.js";
import { formatTextReport } from "../report/text.js";
import { ciFromEnv, useColor, type CliIo } from "./io.js";
import { loadAnalysis, type SourceFlags } from "./load-analysis.js";
import { stdoutReport, writeReport, type ReportTargets } from "./outputs.js";
import { resolveSettings, type RuleFlags } from "./settings.js";

export interface AnalyzeFlags extends RuleFlags, SourceFlags, ReportTargets {
  ci?: boolean;
  color: boolean;
}

/** `layerscope IMAGE`: analyse, then the terminal UI, or reports and (in CI mode) the rules' verdict. */
export async function analyzeCommand(reference: string, flags: AnalyzeFlags, io: CliIo): Promise<number> {
  const settings = await resolveSettings(flags, io.cwd);
  const toStdout = stdoutReport(flags);
  const ci = flags.ci === true || ciFromEnv(io.env);
  const anyReport = flags.json !== undefined || flags.junit !== undefined || flags.markdown !== undefined;
  const interactive = io.stdoutIsTTY && !ci && !anyReport;

  const analysis = await loadAnalysis(reference, flags, io, {
    junkRules: junkRulesFor(settings.config),
    showProgress: toStdout !== "json",
  });
  const { summary } = analysis;
  const finalTree = settings.rules.layerscope.forbidPaths !== undefined && summary.layers.length > 0
    ? analysis.tree.treeAt(summary.layers.length - 1)
    : undefined;
  const rules = evaluateRules(summary, settings.rules, finalTree);

  if (flags.json !== undefined) await writeReport(flags.json, formatJsonReport(summary, rules), io);
  if (flags.junit !== undefined) await writeReport(flags.junit, formatJunitReport(summary, rules), io);
  if (flags.markdown !== undefined) await writeReport(flags.markdown, formatMarkdownReport(summary, rules), io);

  if (interactive) {
    await startTui(analysis, settings.config);
    return 0;
  }
  if (toStdout === undefined) {
    const color = useColor(io, flags.color);
    io.stdout(formatTextReport(summary, ci ? rules : [], { color, width: io.stdoutIsTTY ? io.columns : undefined }));
  }
  return ci && rulesVerdict(rules) === "fail" ? 1 : 0;
}

function junkRulesFor(config: LayerscopeConfig): JunkRule[] | undefined {
  const { add, remove } = config.junk;
  if (add.length === 0 && remove.length === 0) return undefined;
  return applyJunkConfig(DEFAULT_JUNK_RULES, config.junk, config.file);
}

// Ink and React load only here: they cost start-up time, and Ink misbehaves under CI=true.
async function startTui(analysis: Analysis, config: LayerscopeConfig): Promise<void> {
  const { runTui } = await import("../tui/run.js");
  await runTui(analysis, { keys: config.keys });
}
