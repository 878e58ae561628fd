import type { Command } from "commander";
import type { CliIo } from "../io.js";
import { passThroughArgs } from "../pass-through.js";
import { addSourceOptions } from "../source-options.js";
import { UsageError } from "../errors.js";
import type { FixFlags } from "./fix-build.js";


/** Adds `layerscope fix [CONTEXT]` to the program; the command's exit status goes to `setStatus`. */
export function registerFixCommand(program: Command, io: CliIo, setStatus: (code: number) => void): void {
  const fix = program
    .command("fix")
    .description("rewrite the Dockerfile from the hints: a patch (unified diff) on stdout; --prove builds it and measures the saving")
    .argument("[context]", "the build context directory (default: the working directory)")
    .argument("[builder-flags...]", "after --: flags for the builder, passed on as they are, to both builds")
    .option("-f, --file <Dockerfile>", "the Dockerfile (default: CONTEXT/Dockerfile)")
    .option("--image <image>", "analyse this image (any reference layerscope reads) instead of building the Dockerfile first")
    .option("--apply <mode>", "safe keeps what is installed; all also adds --no-install-recommends and moves build tools to a build stage", "safe")
    .option("--write", "apply the patch in place (Dockerfile, .dockerignore), atomically")
    .option("--diff", "print the patch on stdout (the default)")
    .option("--prove", "build the patched Dockerfile with the same builder and flags, and measure both images")
    .option("--json <file>", "write the fix report as JSON to FILE, or - for stdout")
    .option("--markdown <file>", "write the fix report as Markdown (a PR comment) to FILE, or - for stdout")
    .option("--sarif <file>", "write the hints with their fixes as SARIF 2.1.0 to FILE, or - for stdout")
    .option("--target <stage>", "the build stage (default: the last stage)")
    .option("--build-arg <name=value>", "a build argument (repeat for more)", (value: string, list: string[]) => [...list, value], [])
    .option("--builder <name>", "docker, podman or buildah (default: docker when its daemon answers, else podman, else buildah)")
    .option("--config <file>", "layerscope config (default: .layerscope.yaml from the working directory upwards)")
    .option("--no-color", "no ANSI colour");
  addSourceOptions(fix, ["--tag"]).action(async (context: string | undefined, builderFlags: string[], _flags: FixFlags, command: Command) => {
    const passed = passThroughArgs(command.parent, "fix");
    if (builderFlags.length !== passed.length) throw new UsageError(`unexpected argument "${builderFlags[0]}" (builder flags go after --)`);
    const { fixCommand } = await import("./fix-flow.js"); // the Dockerfile and shell parsers load only for fix
    setStatus(await fixCommand(context, passed, command.optsWithGlobals<FixFlags>(), io));
  });
}
