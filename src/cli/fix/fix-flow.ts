import { readFile, stat } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import type { Hint } from "../../analysis/hints/types.js";
import type { Analysis } from "../../analysis/types.js";
import { buildImage } from "../../builders/build-image.js";
import { chooseBuilder } from "../../builders/builders.js";
import { readDockerfileModel } from "../../fix/dockerfile-model.js";
import { FixInputError } from "../../fix/errors.js";
import { imageMatchesDockerfile } from "../../fix/image-match.js";
import { fixPatch, planPatch } from "../../fix/patch.js";
import { planFixes } from "../../fix/plan.js";
import type { FixMode } from "../../fix/types.js";
import type { FixReport } from "../../report/fix/fix-report.js";
import { checkBuildArgs } from "../build-flow.js";
import { UsageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { loadAnalysis } from "../load-analysis.js";
import { checkTarget, hintsFor } from "../review.js";
import { useBaselineWasm } from "../runtime-tuning.js";
import { resolveSettings } from "../settings.js";
import { withWorkDir } from "../work-dir.js";
import { buildRequest, type FixBuild, type FixFlags } from "./fix-build.js";
import { writeFixReports } from "./fix-outputs.js";
import { checkReportTargets, checkReportsSpareInputs, inputsOf } from "../outputs.js";
import { proveFlow } from "./prove-flow.js";
import { writeFilesAtomically } from "./write-files.js";
import { absolutePath } from "../../fs/paths.js";
import { junkRulesFor } from "../../config/junk-rules.js";
import { annotatePackageLines } from "../../analysis/hints/package-lines.js";
import { fsErrorReason } from "../../fs/fs-error.js";

/**
 * `layerscope fix [CONTEXT]`: the image (built, or --image) analysed with its Dockerfile, the hints turned into
 * a patch; the patch printed, or written with --write; with --prove, built and measured against the original.
 * Exit 0, 1 when --prove finds an unexpected change, 2 on errors.
 */
export async function fixCommand(context: string | undefined, extraArgs: string[], flags: FixFlags, io: CliIo): Promise<number> {
  const contextDir = absolutePath(context ?? ".", io.cwd);
  if (!(await stat(contextDir).catch(() => undefined))?.isDirectory()) throw new UsageError(`build context ${context ?? "."}: not a directory`);
  const dockerfile = absolutePath(flags.file ?? join(contextDir, "Dockerfile"), io.cwd);
  const text = await readFile(dockerfile, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read Dockerfile ${dockerfile}: ${fsErrorReason(error)}`);
  });
  checkTarget(text, flags.target, relativeName(io.cwd, dockerfile));
  const mode = flags.apply ?? "safe";
  if (mode !== "safe" && mode !== "all") throw new UsageError(`--apply takes safe or all, not "${mode}"`);
  if (flags.write && flags.diff) throw new UsageError("--write and --diff: choose one");
  const stdoutReports = [flags.json, flags.markdown, flags.sarif].filter((target) => target === "-").length;
  if (stdoutReports > 1) throw new UsageError("only one report can go to stdout");
  if (stdoutReports > 0 && flags.diff) throw new UsageError("--diff prints the patch on stdout: send the report to a file");
  try {
    readDockerfileModel(text); // a Dockerfile fix will not rewrite fails before any build
  } catch (error) {
    if (error instanceof FixInputError) throw new UsageError(`${relativeName(io.cwd, dockerfile)}: ${error.message}`);
    throw error;
  }
  checkBuildArgs(flags.buildArg ?? []);
  await checkReportTargets({ json: flags.json, markdown: flags.markdown, sarif: flags.sarif }, io);
  await checkReportsSpareInputs({ json: flags.json, markdown: flags.markdown, sarif: flags.sarif }, inputsOf(flags.image, dockerfile), io);
  const settings = await resolveSettings(flags, io.cwd);
  const needsBuilder = flags.image === undefined || flags.prove === true;
  const builder = needsBuilder ? await chooseBuilder(flags.builder, io.env) : undefined;

  return withWorkDir("layerscope-fix-", async (workDir) => {
    const build: FixBuild | undefined = builder && { builder, contextDir, dockerfile, flags, extraArgs, workDir, io };
    const load = { junkRules: junkRulesFor(settings.config), showProgress: true };
    let analysis: Analysis;
    let image: string;
    if (flags.image !== undefined) {
      analysis = await loadAnalysis(flags.image, flags, io, load);
      image = flags.image;
    } else {
      const built = await buildImage(build!.builder, buildRequest(build!, dockerfile), join(workDir, "before"), io, flags.prove === true);
      analysis = await loadAnalysis(built.location.reference, { ...flags, ...built.location.flags, tag: undefined }, io, load);
      image = built.imageId.replace(/^sha256:/, "").slice(0, 12);
    }
    if (flags.image !== undefined && !imageMatchesDockerfile(analysis, text, flags.target)) {
      const stage = flags.target !== undefined ? ` (stage ${flags.target})` : "";
      throw new UsageError(`${flags.image} was not built from ${relativeName(io.cwd, dockerfile)}${stage}: no layer's command is one of its instructions`);
    }
    annotatePackageLines(analysis, text, flags.target); // each package's Dockerfile line, for the reports
    const hints: Hint[] = hintsFor(analysis, text, flags.target, settings.config);
    const dockerignorePath = join(contextDir, ".dockerignore");
    const dockerignore = await readFile(dockerignorePath, "utf8").catch(() => undefined);
    useBaselineWasm();
    const plan = await planFixes({ dockerfile: text, dockerignore, hints, analysis, target: flags.target, mode: mode as FixMode }).catch((error: unknown) => {
      throw error instanceof FixInputError ? new UsageError(`${relativeName(io.cwd, dockerfile)}: ${error.message}`) : error;
    });
    // a Dockerfile outside the context: the patch's paths start at the folder that holds both
    const root = relativeName(contextDir, dockerfile) === dockerfile ? commonFolder(contextDir, dirname(dockerfile)) : contextDir;
    const paths = { dockerfile: relativeName(root, dockerfile), dockerignore: relativeName(root, dockerignorePath) };
    const report: FixReport = {
      image,
      dockerfile: paths.dockerfile,
      ...(root !== contextDir ? { patchRoot: root } : {}),
      plan,
      patch: planPatch(plan, paths),
      fixPatches: plan.fixes.map((fix) => fixPatch(plan, fix, paths)),
      ...(builder ? { builder } : {}),
    };
    if (flags.prove && build) report.proof = await proveFlow(build, plan, analysis, load);
    const failed = report.proof?.behaviour.verdict === "fail";
    if (flags.write && !failed) {
      const files = [{ path: dockerfile, text: plan.dockerfile.after, changed: plan.dockerfile.after !== text }];
      if (plan.dockerignore) files.push({ path: dockerignorePath, text: plan.dockerignore.after, changed: true });
      report.written = await writeFilesAtomically(
        files.filter((file) => file.changed),
        io.cwd,
      );
    }
    await writeFixReports(report, hints, analysis, flags, io, { dockerfile, dockerignore: dockerignorePath });
    return failed ? 1 : 0;
  });
}

/** The deepest folder that holds both (absolute paths). */
function commonFolder(a: string, b: string): string {
  const [left, right] = [a.split(sep), b.split(sep)];
  let n = 0;
  while (n < left.length && n < right.length && left[n] === right[n]) n++;
  return left.slice(0, n).join(sep) || sep;
}

/** A path as the user would name it from `from` (forward slashes), or absolute when it lies outside. */
function relativeName(from: string, path: string): string {
  const rel = relative(from, path);
  if (rel.startsWith("..")) return path;
  return rel.split(sep).join("/") || ".";
}
