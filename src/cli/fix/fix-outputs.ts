import type { Hint } from "../../analysis/hints/types.js";
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
