import type { Command } from "commander";
import type { Analysis } from "../analysis/types.js";
import { parseBytes } from "../config/units.js";
import { typeName } from "../content/describe.js";
import { extractNodes, selectForExtract, type ExtractSelection, type ExtractSummary } from "../content/extract.js";
import { type ImageSource } from "../sources/types.js";
import { UsageError } from "./errors.js";
import type { CliIo } from "./io.js";
import { chooseLayer } from "./layer-arg.js";
import { checkImagePaths } from "./image-path-arg.js";
import { loadAnalysis, type SourceFlags } from "./load-analysis.js";
import { addSourceOptions } from "./source-options.js";
import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { ImageError } from "../errors.js";
import { printable } from "../text/escape.js";
import { noun } from "../text/format.js";

interface ExtractFlags extends SourceFlags {
  output?: string;
  layer?: string;
  sameOwner?: boolean;
  maxSize?: string;
}

const DEFAULT_MAX_SIZE = "2GiB";

export function registerExtractCommand(program: Command, io: CliIo, setStatus: (code: number) => void): void {
  const extract = program
    .command("extract")
    .description("write files or whole directories of the image under DIR, at their image paths (modes kept, owners not)")
    .argument("<image>", "image reference")
    .argument("<paths...>", "absolute paths inside the image")
    .requiredOption("-o, --output <dir>", "the directory to write under (created when missing)")
    .option("--layer <n>", "layer index, from 0 (default: the last layer)")
    .option("--same-owner", "give files the image's owners (as root only)")
    .option("--max-size <size>", `refuse to write more file bytes than this (default ${DEFAULT_MAX_SIZE})`);
  addSourceOptions(extract).action(async (image: string, paths: string[], _flags: ExtractFlags, command: Command) => {
    setStatus(await extractCommand(image, paths, command.optsWithGlobals<ExtractFlags>(), io));
  });
}

/** `layerscope extract IMAGE PATH... -o DIR`: one line on stdout tells what was written; what was skipped on stderr. */
async function extractCommand(reference: string, paths: string[], flags: ExtractFlags, io: CliIo): Promise<number> {
  if (!flags.output) throw new UsageError("extract needs -o DIR");
  checkImagePaths(paths);
  const maxBytes = parseBytes(flags.maxSize ?? DEFAULT_MAX_SIZE, "--max-size");
  const sameOwner = flags.sameOwner === true;
  if (sameOwner && process.getuid?.() !== 0) throw new UsageError("--same-owner needs root (only root can give files other owners)");
  let layer = -1;
  const check = (source: ImageSource): void => {
    layer = chooseLayer(flags.layer, source.layers.length, reference);
  };
  const dir = resolve(io.cwd, flags.output);
  const existing = await stat(dir).catch(() => undefined);
  if (existing && !existing.isDirectory()) throw new UsageError(`-o ${flags.output}: exists and is not a directory`);
  let summary: ExtractSummary | undefined;
  await loadAnalysis(reference, flags, io, {
    showProgress: true,
    check,
    withSource: async (source: ImageSource, analysis: Analysis) => {
      summary = await extractNodes(source, analysis.tree, select(analysis, layer, paths), { dir, sameOwner, maxBytes });
    },
  });
  const done = summary!;
  for (const node of done.skipped) io.stderr(`layerscope: ${printable(node.path)}: ${typeName(node.type)}, not created\n`);
  const counted = (n: number, one: string, many?: string): string => `${n} ${noun(n, one, many)}`;
  const parts = [
    `${counted(done.files, "file")} (${counted(done.bytes, "byte")})`,
    counted(done.dirs, "directory", "directories"),
    counted(done.symlinks, "symlink"),
  ];
  if (done.hardlinks > 0) parts.push(counted(done.hardlinks, "hardlink"));
  io.stdout(`extracted ${parts.join(", ")} under ${printable(dir)}\n`);
  return 0;
}

function select(analysis: Analysis, layer: number, paths: string[]): ExtractSelection {
  const selection = selectForExtract(analysis.tree.treeAt(layer), paths);
  if ("problem" in selection) throw new ImageError(`${printable(selection.path)} (after layer ${layer}): ${selection.problem}`);
  return selection;
}
