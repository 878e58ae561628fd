import { mkdtempSync, rmSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { analyzeCommand, type AnalyzeFlags } from "../analyze-command.js";
import { BuildError, UsageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { absolutePath } from "../review-inputs.js";
import { resolveSettings } from "../settings.js";
import { builderArgs, chooseBuilder, storageFlags } from "./builders.js";
import { locateBuiltImage } from "./built-image.js";
import { runBuilder } from "./run-builder.js";

export interface BuildFlags extends AnalyzeFlags {
  file?: string;
  buildArg: string[];
  builder?: string;
}

/** `layerscope build CONTEXT`: build, then the main command's analysis of the built image with its Dockerfile. */
export async function buildCommand(context: string, extraArgs: string[], flags: BuildFlags, io: CliIo): Promise<number> {
  const contextDir = absolutePath(context, io.cwd);
  if (!(await stat(contextDir).catch(() => undefined))?.isDirectory()) throw new UsageError(`build context ${context}: not a directory`);
  const dockerfile = absolutePath(flags.file ?? flags.dockerfile ?? join(contextDir, "Dockerfile"), io.cwd);
  if (!(await stat(dockerfile).catch(() => undefined))?.isFile()) throw new UsageError(`no Dockerfile at ${dockerfile}`);
  for (const arg of flags.buildArg ?? []) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*(=|$)/.test(arg)) throw new UsageError(`--build-arg wants NAME=VALUE, not "${arg}"`);
  }
  await resolveSettings(flags, io.cwd); // a mistake in the rules or the config fails before the build, not after
  const builder = await chooseBuilder(flags.builder, io.env);
  const tag = flags.tag;

  // the image id file now, the exported image later: removed on every way out, Ctrl-C included
  const workDir = mkdtempSync(join(tmpdir(), "layerscope-build-"));
  const removeWorkDir = () => rmSync(workDir, { recursive: true, force: true });
  const onInterrupt = () => {
    removeWorkDir();
    process.exit(130);
  };
  process.once("SIGINT", onInterrupt);
  try {
    const iidFile = join(workDir, "iid");
    const request = { context: contextDir, dockerfile, target: flags.target, buildArgs: flags.buildArg ?? [], tag, extraArgs, iidFile };
    await runBuilder(builder, builderArgs(builder, request), io, "build failed");
    const imageId = await readImageId(iidFile, builder);
    const location = await locateBuiltImage(builder, imageId, storageFlags(extraArgs), workDir, io);
    const analysisFlags: AnalyzeFlags = { ...flags, tag: undefined, dockerfile };
    const shortId = imageId.replace(/^sha256:/, "").slice(0, 12);
    return await analyzeCommand(location.reference, analysisFlags, io, {
      flags: { ...location.flags, tag: undefined },
      reference: tag ?? shortId,
      name: tag !== undefined ? shortId : undefined,
    });
  } finally {
    process.removeListener("SIGINT", onInterrupt);
    removeWorkDir();
  }
}

async function readImageId(file: string, builder: string): Promise<string> {
  const text = await readFile(file, "utf8").catch(() => "");
  const id = text.trim();
  if (!/^(sha256:)?[a-f0-9]{64}$/.test(id)) throw new BuildError(`${builder} wrote no image id (--iidfile)`);
  return id.startsWith("sha256:") ? id : `sha256:${id}`;
}
