import { mkdtempSync, rmSync } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Command } from "commander";
import { addAnalysisOptions } from "../analysis-options.js";
import { analyzeCommand, type AnalyzeFlags } from "../analyze-command.js";
import { BuildError, UsageError } from "../errors.js";
import type { CliIo } from "../io.js";
import { absolutePath } from "../review-inputs.js";
import { addSourceOptions } from "../source-options.js";
import { builderArgs, chooseBuilder, storageFlags } from "./builders.js";
import { locateBuiltImage } from "./built-image.js";
import { runBuilder } from "./run-builder.js";

export interface BuildFlags extends AnalyzeFlags {
  file?: string;
  buildArg: string[];
  builder?: string;
}

/** Adds `layerscope build CONTEXT` to the program; the command's exit status goes to `setStatus`. */
export function registerBuildCommand(program: Command, io: CliIo, setStatus: (code: number) => void): void {
  const build = program
    .command("build")
    .description("build an image from a Dockerfile (docker, podman or buildah), then analyse it: hints name Dockerfile:LINE")
    .argument("<context>", "the build context directory")
    .argument("[builder-flags...]", "after --: flags for the builder, passed on as they are (e.g. -- --isolation chroot)")
    .option("-f, --file <Dockerfile>", "the Dockerfile (default: CONTEXT/Dockerfile)")
    .option("--build-arg <name=value>", "a build argument (repeat for more)", (value: string, list: string[]) => [...list, value], [])
    .option("-t, --tag <name>", "name the built image")
    .option("--builder <name>", "docker, podman or buildah (default: docker when its daemon answers, else podman, else buildah)");
  addSourceOptions(addAnalysisOptions(build), ["--tag", "--source"]).action(
    async (context: string, builderFlags: string[], _flags: BuildFlags, command: Command) => {
      const passed = passThroughArgs(rawArgsOf(command.parent));
      if (builderFlags.length !== passed.length) {
        throw new UsageError(`unexpected argument "${builderFlags[0]}" (builder flags go after --)`);
      }
      // the main program declares the analysis options too, and commander gives them to it
      setStatus(await buildCommand(context, passed, command.optsWithGlobals<BuildFlags>(), io));
    },
  );
}

/** The program's whole command line (commander keeps it, without declaring it in its types). */
function rawArgsOf(program: Command | null): string[] {
  const raw = (program as unknown as { rawArgs?: unknown } | null)?.rawArgs;
  return Array.isArray(raw) ? raw.filter((arg): arg is string => typeof arg === "string") : [];
}

/** Everything after the first `--` that follows the `build` command name. */
function passThroughArgs(rawArgs: string[]): string[] {
  const start = rawArgs.indexOf("build");
  const dash = rawArgs.indexOf("--", start);
  return start >= 0 && dash >= 0 ? rawArgs.slice(dash + 1) : [];
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
