import type { Command } from "commander";
import { findLayerscopeConfig } from "../config/find-config.js";
import type { LayerscopeConfig } from "../config/types.js";
import { diffAnalyses } from "../diff/diff-images.js";
import type { ImageDiff } from "../diff/types.js";
import { formatDiffJson } from "../report/diff-json.js";
import { formatDiffMarkdown } from "../report/diff-markdown.js";
import { formatDiffText } from "../report/diff-text.js";
import { UsageError } from "./errors.js";
import { ciFromEnv, useColor, type CliIo } from "./io.js";
import type { SourceFlags } from "./load-analysis.js";
import { analysePair } from "./content-diff-run.js";
import { hintsFor, readDockerfile } from "./review.js";
import { loadCheckedConfig } from "./settings.js";
import { addSourceOptions } from "./source-options.js";
import { checkReportsSpareInputs, inputsOf, stdoutReport, writeReport } from "./outputs.js";
import { writeSarifReport } from "./sarif-output.js";
import { absolutePath } from "../fs/paths.js";
import { junkRulesFor } from "../config/junk-rules.js";
import { annotatePackageLines } from "../analysis/hints/package-lines.js";

interface DiffFlags extends SourceFlags {
  json?: string;
  markdown?: string;
  sarif?: string;
  html?: string;
  ci?: boolean;
  config?: string;
  dockerfile?: string;
  baseDockerfile?: string;
  target?: string;
  top?: string;
  color: boolean;
  content?: string | boolean;
}

/** Adds `layerscope diff BASE HEAD` to the program; the command's exit status goes to `setStatus`. */
export function registerDiffCommand(program: Command, io: CliIo, setStatus: (code: number) => void): void {
  const diff = program
    .command("diff")
    .description("compare two images (BASE before a change, HEAD after): size, efficiency, layers, waste, hints, files")
    .argument("<base>", "image before the change (any reference layerscope reads)")
    .argument("<head>", "image after the change")
    .option("--json [file]", "write the diff as JSON to FILE, or to stdout with - (or no FILE)")
    .option("--markdown <file>", "write a Markdown summary (pull-request comment, CI step summary) to FILE, or - for stdout")
    .option("--sarif <file>", "write HEAD's new hints as SARIF 2.1.0 (code scanning) to FILE, or - for stdout")
    .option("--html <file>", "write a self-contained HTML report (figures, layers, hints, file changes, treemap of the size changes) to FILE, or - for stdout")
    .option("--ci", "exit 1 when HEAD regresses beyond the diff: limits of .layerscope.yaml (also when CI=true or CI=1)")
    .option("--config <file>", "layerscope config (default: .layerscope.yaml from the working directory upwards)")
    .option("--dockerfile <file>", "HEAD's Dockerfile: hints give Dockerfile:LINE")
    .option("--base-dockerfile <file>", "BASE's Dockerfile, for the lines of its hints")
    .option("--target <stage>", "the build stage the images were built for (default: the last stage)")
    .option("--content [glob]", "unified diffs of the modified text files (all, or those the glob matches, e.g. '/etc/**'); binary files named only")
    .option("--top <n>", "items per list of file and waste changes (default 10)")
    .option("--no-color", "no ANSI colour in the text report (NO_COLOR is honoured too)");
  addSourceOptions(diff).action(async (base: string, head: string, _flags: DiffFlags, command: Command) => {
    // the main program declares --ci, --json, --markdown, --config… too, and commander gives them to it
    const flags = command.optsWithGlobals<DiffFlags>();
    if ((flags.json as unknown) === true) flags.json = "-";
    setStatus(await diffCommand(base, head, flags, io));
  });
}

/** `layerscope diff BASE HEAD`: 0, or 1 in CI mode when a `diff:` limit fails. */
async function diffCommand(base: string, head: string, flags: DiffFlags, io: CliIo): Promise<number> {
  const top = parseTop(flags.top);
  const reports = { json: flags.json, markdown: flags.markdown, sarif: flags.sarif, html: flags.html };
  const toStdout = stdoutReport(reports);
  await checkReportsSpareInputs(reports, inputsOf(base, head, flags.dockerfile, flags.baseDockerfile), io);
  const config = await loadConfig(flags.config, io.cwd);
  const headDockerfile = await readDockerfile(flags.dockerfile, io.cwd, flags.target);
  // a Dockerfile of HEAD would give BASE's hints wrong lines: BASE gets lines only from its own
  const baseDockerfile = await readDockerfile(flags.baseDockerfile, io.cwd, flags.target);
  const load = { junkRules: junkRulesFor(config), showProgress: toStdout !== "json" };

  const pair = await analysePair(base, head, flags.content, flags, io, load);
  const [baseAnalysis, headAnalysis] = [pair.base, pair.head];
  // each package's Dockerfile line, for the reports (in the analyses themselves)
  if (baseDockerfile !== undefined) annotatePackageLines(baseAnalysis, baseDockerfile, flags.target);
  if (headDockerfile !== undefined) annotatePackageLines(headAnalysis, headDockerfile, flags.target);
  const baseHints = hintsFor(baseAnalysis, baseDockerfile, flags.target, config);
  const headHints = hintsFor(headAnalysis, headDockerfile, flags.target, config);
  const diff: ImageDiff = diffAnalyses(baseAnalysis, headAnalysis, { baseHints, headHints, limits: config.diff, top: Math.max(top, 20) });
  if (pair.content) diff.content = pair.content;

  if (flags.json !== undefined) await writeReport(flags.json, formatDiffJson(diff), io);
  if (flags.markdown !== undefined) await writeReport(flags.markdown, formatDiffMarkdown(diff, top), io);
  if (flags.sarif !== undefined) await writeSarifReport(flags.sarif, diff.hints.new, headAnalysis.summary, flags.dockerfile, io);
  if (flags.html !== undefined) {
    const { formatDiffHtml } = await import("../report/html/index.js"); // only with --html
    const dockerfileOf = (text: string | undefined) => (text === undefined ? undefined : { text, target: flags.target });
    const page = formatDiffHtml(diff, baseAnalysis, headAnalysis, { base: dockerfileOf(baseDockerfile), head: dockerfileOf(headDockerfile) });
    await writeReport(flags.html, page, io);
  }
  if (toStdout === undefined) {
    io.stdout(formatDiffText(diff, { color: useColor(io, flags.color), width: io.stdoutIsTTY ? io.columns : undefined, top }));
  }
  const ci = flags.ci === true || ciFromEnv(io.env);
  return ci && diff.verdict === "fail" ? 1 : 0;
}

function parseTop(value: string | undefined): number {
  if (value === undefined) return 10;
  if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new UsageError(`--top must be a whole number from 1, not "${value}"`);
  return Number(value);
}

async function loadConfig(file: string | undefined, cwd: string): Promise<LayerscopeConfig> {
  const path = file !== undefined ? absolutePath(file, cwd) : await findLayerscopeConfig(cwd);
  return loadCheckedConfig(path);
}
