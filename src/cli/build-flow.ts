import { readFile, stat } from "node:fs/promises";
import { join, relative } from "node:path";
import { analyzeCommand, type AnalyzeFlags } from "./analyze-command.js";
import { buildImage } from "../builders/build-image.js";
import { chooseBuilder } from "../builders/builders.js";
import { UsageError } from "./errors.js";
import type { CliIo } from "./io.js";
import { resolveSettings } from "./settings.js";
import { withWorkDir } from "./work-dir.js";
import { absolutePath } from "../fs/paths.js";
import { fsErrorReason } from "../fs/fs-error.js";
import { checkTarget } from "./review.js";
import { checkReportTargets } from "./outputs.js";

export interface BuildFlags extends AnalyzeFlags {
  file?: string;
  buildArg: string[];
  builder?: string;
}

/** `--build-arg NAME=VALUE` (or `NAME`, from the environment), checked before any build; `build` and `fix` take them. */
export function checkBuildArgs(args: string[]): void {
  for (const arg of args) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*(=|$)/.test(arg)) throw new UsageError(`--build-arg wants NAME=VALUE, not "${arg}"`);
  }
}

/** `layerscope build CONTEXT`: build, then the main command's analysis of the built image with its Dockerfile. */
export async function buildCommand(context: string, extraArgs: string[], flags: BuildFlags, io: CliIo): Promise<number> {
  const contextDir = absolutePath(context, io.cwd);
  if (!(await stat(contextDir).catch(() => undefined))?.isDirectory()) throw new UsageError(`build context ${context}: not a directory`);
  const dockerfile = absolutePath(flags.file ?? flags.dockerfile ?? join(contextDir, "Dockerfile"), io.cwd);
  if (!(await stat(dockerfile).catch(() => undefined))?.isFile()) throw new UsageError(`no Dockerfile at ${dockerfile}`);
  if (flags.target !== undefined) {
    const text = await readFile(dockerfile, "utf8").catch((error: unknown) => {
      throw new UsageError(`cannot read Dockerfile ${dockerfile}: ${fsErrorReason(error)}`);
    });
    checkTarget(text, flags.target, relative(io.cwd, dockerfile) || dockerfile); // before the build, as fix does
  }
  checkBuildArgs(flags.buildArg ?? []);
  await resolveSettings(flags, io.cwd); // a mistake in the rules or the config fails before the build, not after
  await checkReportTargets({ json: flags.json, junit: flags.junit, markdown: flags.markdown, sarif: flags.sarif, html: flags.html }, io);
  const builder = await chooseBuilder(flags.builder, io.env);
  const tag = flags.tag;

  // the image id file now, the exported image later
  return withWorkDir("layerscope-build-", async (workDir) => {
    const request = { context: contextDir, dockerfile, target: flags.target, buildArgs: flags.buildArg ?? [], tag, extraArgs };
    const { imageId, location } = await buildImage(builder, request, workDir, io);
    const analysisFlags: AnalyzeFlags = { ...flags, tag: undefined, dockerfile };
    const shortId = imageId.replace(/^sha256:/, "").slice(0, 12);
    return await analyzeCommand(location.reference, analysisFlags, io, {
      flags: { ...location.flags, tag: undefined },
      reference: tag ?? shortId,
      name: tag !== undefined ? shortId : undefined,
    });
  });
}
