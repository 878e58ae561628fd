import type { Command } from "commander";
import { readFiles } from "../content/read-files.js";
import { ContentLocator, type FileContent } from "../content/locate.js";
import { resolvePath } from "../content/resolve-path.js";
import { typeName, unresolvedReason } from "../content/describe.js";
import { type ImageSource } from "../sources/types.js";
import type { Analysis } from "../analysis/types.js";
import { ByteOutput, TerminalText } from "./byte-output.js";
import { BINARY_SNIFF_BYTES, looksBinary } from "../content/binary.js";
import type { CliIo } from "./io.js";
import { chooseLayer } from "./layer-arg.js";
import { checkImagePaths } from "./image-path-arg.js";
import { loadAnalysis, type SourceFlags } from "./load-analysis.js";
import { addSourceOptions } from "./source-options.js";
import { ImageError } from "../errors.js";
import { printable } from "../text/escape.js";

interface CatFlags extends SourceFlags {
  layer?: string;
  /** false with --no-follow */
  follow?: boolean;
  force?: boolean;
}

export function registerCatCommand(program: Command, io: CliIo, setStatus: (code: number) => void): void {
  const cat = program
    .command("cat")
    .description("write the bytes of a file of the image to stdout, as it is after a layer (symlinks inside the image followed)")
    .argument("<image>", "image reference")
    .argument("<path>", "absolute path inside the image")
    .option("--layer <n>", "layer index, from 0 (default: the last layer)")
    .option("--no-follow", "do not follow a symlink named by PATH itself")
    .option("--force", "write binary content to a terminal, and text without escaping its control characters");
  addSourceOptions(cat).action(async (image: string, path: string, _flags: CatFlags, command: Command) => {
    setStatus(await catCommand(image, path, command.optsWithGlobals<CatFlags>(), io));
  });
}

/** `layerscope cat IMAGE PATH`: the file's bytes on stdout; a directory, a missing path or a device is one line, exit 2. */
async function catCommand(reference: string, path: string, flags: CatFlags, io: CliIo): Promise<number> {
  checkImagePaths([path]);
  let layer = -1;
  const check = (source: ImageSource): void => {
    layer = chooseLayer(flags.layer, source.layers.length, reference);
  };
  await loadAnalysis(reference, flags, io, {
    showProgress: true,
    check,
    withSource: (source, analysis) => writeFile(source, analysis, layer, path, flags, io),
  });
  return 0;
}

async function writeFile(source: ImageSource, analysis: Analysis, layer: number, path: string, flags: CatFlags, io: CliIo): Promise<void> {
  const where = `${printable(path)} (after layer ${layer})`;
  const resolved = resolvePath(analysis.tree.treeAt(layer), path, flags.follow !== false);
  if (resolved.kind !== "found") throw new ImageError(`${where}: ${unresolvedReason(resolved)}`);
  const node = resolved.node;
  if (node.type === "symlink") throw new ImageError(`${where}: a symlink to ${printable(node.linkname)} (not followed: --no-follow)`);
  if (node.type === "dir") throw new ImageError(`${where}: is a directory (layerscope ls lists it)`);
  const content = new ContentLocator(analysis.tree).locate(node);
  if (!content) throw new ImageError(`${where}: ${typeName(node.type)}, not a regular file`);
  if (!io.stdoutStream) throw new Error("no byte stream for standard output");
  const out = new ByteOutput(io.stdoutStream);
  const toTerminal = io.stdoutIsTTY && flags.force !== true;
  const text = toTerminal ? new TerminalText() : undefined;
  // on a terminal, the first bytes decide between text and binary before anything is written
  let head: Buffer[] | undefined = toTerminal ? [] : undefined;
  let headBytes = 0;
  let binary = false;
  const emit = (bytes: Buffer): void => {
    if (text) io.stdout(text.push(bytes));
    else out.write(bytes);
  };
  const decide = (): void => {
    if (!head) return;
    const first = Buffer.concat(head);
    head = undefined;
    if (looksBinary(first)) binary = true;
    else emit(first);
  };
  await readFiles(source, [content], {
    chunk(_file: FileContent, bytes: Buffer) {
      if (binary) return; // the reading stops between reads: a read begun before the sniff decided is dropped
      if (!head) return emit(bytes);
      head.push(Buffer.from(bytes));
      headBytes += bytes.length;
      if (headBytes >= BINARY_SNIFF_BYTES) decide();
    },
    end() {
      decide();
      if (text && !binary) io.stdout(text.end());
    },
    drain: () => out.drain(),
    stopped: () => binary || out.closed,
  });
  if (binary) {
    throw new ImageError(`${where}: binary file (${content.size} bytes), not written to a terminal: redirect it (> FILE) or add --force`);
  }
}
