import { constants } from "node:fs";
import { access, stat } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Hint } from "../../analysis/hints/types.js";
import { fsErrorReason } from "../../fs/fs-error.js";
import { UsageError } from "../errors.js";
import type { Analysis } from "../../analysis/types.js";
import { formatFixJson } from "../../report/fix/fix-json.js";
import { formatFixMarkdown } from "../../report/fix/fix-markdown.js";
import type { FixReport } from "../../report/fix/fix-report.js";
import { formatFixText } from "../../report/fix/fix-text.js";
import { safeJson } from "../../text/escape.js";
import type { CliIo } from "../io.js";
import { writeReport } from "../outputs.js";
import { packageVersion } from "../version.js";
import type { FixFlags } from "./fix-build.js";

/**
 * The reports a fix run asked for. Stdout carries the patch (so that `layerscope fix > fix.patch` and `| git apply`
 * work) and the text report goes to stderr; with --write, or when a report goes to stdout, the text report goes
 * to stdout instead (or nowhere, beside a report there).
 */
export async function writeFixReports(
  report: FixReport,
  hints: readonly Hint[],
  analysis: Analysis,
  flags: FixFlags,
  io: CliIo,
  files: { dockerfile: string; dockerignore: string },
): Promise<void> {
  if (flags.json !== undefined) await writeReport(flags.json, formatFixJson(report), io);
  if (flags.markdown !== undefined) await writeReport(flags.markdown, formatFixMarkdown(report), io);
  if (flags.sarif !== undefined) {
    const { buildFixSarifLog } = await import("../../report/fix/fix-sarif.js");
    const { artifactLocation } = await import("../../report/sarif/sarif.js");
    const log = buildFixSarifLog(hints, report.plan, {
      toolVersion: packageVersion(),
      dockerfile: artifactLocation(files.dockerfile, io.cwd),
      dockerignore: artifactLocation(files.dockerignore, io.cwd),
      image: { reference: report.image, manifestDigest: analysis.summary.image.manifestDigest },
      layers: analysis.summary.layers,
    });
    await writeReport(flags.sarif, safeJson(JSON.stringify(log, null, 2)) + "\n", io);
  }
  const reportOnStdout = [flags.json, flags.markdown, flags.sarif].includes("-");
  const text = formatFixText(report);
  if (flags.write) {
    if (!reportOnStdout) io.stdout(text);
    else io.stderr(text);
    return;
  }
  if (!reportOnStdout) io.stdout(report.patch);
  io.stderr(text);
}

/**
 * Fails before any build or write when a report file cannot be written (its folder missing or read-only, a folder
 * in its place): the builds take minutes, and --write must not change the files of a run that then fails.
 */
export async function checkReportTargets(flags: FixFlags, io: CliIo): Promise<void> {
  for (const target of [flags.json, flags.markdown, flags.sarif]) {
    if (target === undefined || target === "-") continue;
    const path = resolve(io.cwd, target);
    try {
      if ((await stat(path).catch(() => undefined))?.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
      await access(dirname(path), constants.W_OK);
    } catch (error) {
      throw new UsageError(`cannot write report ${target}: ${fsErrorReason(error)}`);
    }
  }
}
