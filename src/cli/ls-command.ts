import type { ImageSource } from "../sources/types.js";
import { formatLsLines } from "../tree/ls.js";
import type { CliIo } from "./io.js";
import { chooseLayer } from "./layer-arg.js";
import { UsageError } from "./errors.js";
import { parseLayerRange, writeRange } from "./ls-range.js";
import { loadAnalysis, type SourceFlags } from "./load-analysis.js";

export interface LsFlags extends SourceFlags {
  layer?: string;
  /** `N..M`: the range's net changes instead of a tree */
  layers?: string;
  json?: boolean | string;
}

/** `layerscope ls IMAGE [--layer N]`: the merged tree after layer N (default the last), one entry a line. */
export async function lsCommand(reference: string, flags: LsFlags, io: CliIo): Promise<number> {
  let layer = -1;
  let range: { from: number; to: number } | undefined;
  if (flags.layers !== undefined && flags.layer !== undefined) throw new UsageError("--layer and --layers go one at a time");
  if (flags.json !== undefined && flags.layers === undefined) throw new UsageError("--json goes with --layers N..M: the tree is printed one entry a line");
  const check = (source: ImageSource): void => {
    if (flags.layers !== undefined) range = parseLayerRange(flags.layers, source.layers.length, reference);
    else layer = chooseLayer(flags.layer, source.layers.length, reference);
  };
  const analysis = await loadAnalysis(reference, flags, io, { showProgress: flags.json === undefined, check });
  if (range) {
    writeRange(analysis, range.from, range.to, flags.json !== undefined, io);
    return 0;
  }
  const lines = formatLsLines(analysis.tree.treeAt(layer));
  const chunk = 4096;
  for (let i = 0; i < lines.length; i += chunk) io.stdout(lines.slice(i, i + chunk).join("\n") + "\n");
  return 0;
}
