import { type Command, Option } from "commander";
import { addAnalysisOptions } from "./analysis-options.js";
import { UsageError } from "./errors.js";
import type { CliIo } from "./io.js";
import { passThroughArgs } from "./pass-through.js";
import { addSourceOptions } from "./source-options.js";
import type { BuildFlags } from "./build-flow.js";

/** Adds `layerscope build CONTEXT` to the program; the command's exit status goes to `setStatus`. */
export function registerBuildCommand(program: Command, io: CliIo, setStatus: (code: number) => void): void {
  const build = program
    .command("build")
    .description("build an image from a Dockerfile (docker, podman or buildah), then analyse it: hints name Dockerfile:LINE")
    .argument("<context>", "the build context directory")
    .argument("[builder-flags...]", "after --: flags for the builder, passed on as they are (e.g. -- --isolation chroot)")
    .option("-f, --file <Dockerfile>", "the Dockerfile (default: CONTEXT/Dockerfile)")
    .addOption(new Option("--dockerfile <file>", "the main command's name for -f").hideHelp())
    .option("--build-arg <name=value>", "a build argument (repeat for more)", (value: string, list: string[]) => [...list, value], [])
    .option("-t, --tag <name>", "name the built image")
    .option("--builder <name>", "docker, podman or buildah (default: docker when its daemon answers, else podman, else buildah)");
  addSourceOptions(addAnalysisOptions(build), ["--tag", "--source"]).action(
    async (context: string, builderFlags: string[], _flags: BuildFlags, command: Command) => {
      const passed = passThroughArgs(command.parent, "build");
      if (builderFlags.length !== passed.length) {
        throw new UsageError(`unexpected argument "${builderFlags[0]}" (builder flags go after --)`);
      }
      // the main program declares the analysis options too, and commander gives them to it
      const { buildCommand } = await import("./build-flow.js"); // builders and daemons load only for a build
      setStatus(await buildCommand(context, passed, command.optsWithGlobals<BuildFlags>(), io));
    },
  );
}
