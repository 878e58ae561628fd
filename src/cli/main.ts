import { Command, CommanderError } from "commander";
import { addAnalysisOptions } from "./analysis-options.js";
import { analyzeCommand, type AnalyzeFlags } from "./analyze-command.js";
import { registerBuildCommand } from "./build-command.js";
import { registerCatCommand } from "./cat-command.js";
import { registerExtractCommand } from "./extract-command.js";
import { registerDiffCommand } from "./diff-command.js";
import { registerFleetCommand } from "./fleet-command.js";
import { registerFixCommand } from "./fix/fix-command.js";
import { registerPackagesCommand } from "./packages-command.js";
import { errorLine, UsageError } from "./errors.js";
import { refuseForeignOptions } from "./foreign-options.js";
import { processIo, type CliIo } from "./io.js";
import { lsCommand, type LsFlags } from "./ls-command.js";
import { addSourceOptions } from "./source-options.js";
import { checkCommandWord, checkHelpTopic } from "./unknown-command.js";
import { diveBooleanArgs, withDiveFlagNote } from "./dive-flags.js";
import { packageVersion } from "./version.js";

/** Runs layerscope with `argv` as in `process.argv` and returns the exit status: 0 pass, 1 a rule failed, 2 error. */
export async function main(argv: string[], io: CliIo = processIo()): Promise<number> {
  let status = 0;
  const program = buildProgram(io, (code) => {
    status = code;
  });
  try {
    const commands = program.commands.map((command) => command.name());
    checkHelpTopic(argv.slice(2), commands);
    await program.parseAsync([...argv.slice(0, 2), ...diveBooleanArgs(argv.slice(2))]);
    return status;
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.exitCode === 0) return 0; // --help, --version
      io.stderr(`layerscope: ${withDiveFlagNote(error.message.replace(/^error:\s*/, ""))}\n`);
      return 2;
    }
    io.stderr(`${errorLine(error)}\n`);
    if (io.env.LAYERSCOPE_DEBUG && error instanceof Error && error.stack) io.stderr(`${error.stack}\n`);
    return 2;
  }
}

function buildProgram(io: CliIo, setStatus: (code: number) => void): Command {
  const program = new Command("layerscope");
  program
    .description("Container image layer efficiency analyzer: merged tree, per-layer changes, wasted bytes, CI rules")
    .version(packageVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({ writeOut: (text) => io.stdout(text), writeErr: (text) => io.stderr(text), outputError: () => {} })
    .argument(
      "[image]",
      "a docker save tarball, an OCI archive or layout, a skopeo dir: copy (docker-archive:, oci-archive:, oci:, dir: prefixes), containers-storage:REF, containerd://REF, docker://REF for a registry, docker-daemon:REF for the Docker daemon, or a name like app:1.0 (a local daemon or containerd, else the registry)",
    )
    .option("--dockerfile <file>", "the image's Dockerfile: hints name Dockerfile:LINE");
  program.hook("preAction", (_program, command) => refuseForeignOptions(program, command));
  addSourceOptions(addAnalysisOptions(program)).action(async (image: string | undefined, flags: AnalyzeFlags, command: Command) => {
    if (image === undefined) throw new UsageError(noImage(flags));
    checkCommandWord(command.args, [...command.commands.map((sub) => sub.name()), "help"], flags.source !== undefined);
    if ((flags.json as unknown) === true) flags.json = "-";
    setStatus(await analyzeCommand(image, flags, io));
  });

  const ls = program
    .command("ls")
    .description("print the merged tree after a layer, one entry a line: TYPE SIZE MODE UID:GID /path[ -> target]")
    .argument("<image>", "image reference")
    .option("--layer <n>", "layer index, from 0 (default: the last layer)")
    .option("--layers <n..m>", "instead of the tree: the net changes of layers N to M and their totals (+ added, ~ modified, - removed)")
    .option("--json", "with --layers: the changes and totals as JSON");
  addSourceOptions(ls).action(async (image: string, _flags: LsFlags, command: Command) => {
    // the main program declares the source options too (--no-cache, --verify, --tag…), and commander gives them to it
    setStatus(await lsCommand(image, command.optsWithGlobals<LsFlags>(), io));
  });
  registerDiffCommand(program, io, setStatus);
  registerPackagesCommand(program, io, setStatus);
  registerBuildCommand(program, io, setStatus);
  registerCatCommand(program, io, setStatus);
  registerExtractCommand(program, io, setStatus);
  registerFleetCommand(program, io, setStatus);
  registerFixCommand(program, io, setStatus);
  // `layerscope help [command]`; a word that is no command nor an image is told apart in the action (checkCommandWord)
  program.helpCommand(true).allowExcessArguments(true);
  return program;
}

/** `layerscope --json app.tar`: the option's optional value took the image; say so rather than only "no image". */
function noImage(flags: AnalyzeFlags): string {
  const taken = [
    ["--json", flags.json],
    ["--duplicates", flags.duplicates],
  ].find(([, value]) => typeof value === "string" && value !== "-");
  if (!taken) return "no image given (see layerscope --help)";
  return `no image given: ${taken[0]} took "${String(taken[1])}" as its value; name the image first: layerscope IMAGE ${taken[0]} …`;
}
