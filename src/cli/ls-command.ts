import type { ImageSource } from "../sources/types.js";
import { formatLsLines } from "../tree/ls.js";
import type { CliIo } from "./io.js";
import { chooseLayer } from "./layer-arg.js";
import { loadAnalysis, type SourceFlags } from "./load-analysis.js";

export interface LsFlags extends SourceFlags {
  layer?: string;
}

/** `layerscope ls IMAGE [--layer N]`: the merged tree after layer N (default the last), one entry a line. */
export async function lsCommand(reference: string, flags: LsFlags, io: CliIo): Promise<number> {
  let layer = -1;
  const check = (source: ImageSource): void => {
    layer = chooseLayer(flags.layer, source.layers.length, reference);
  };
  const analysis = await loadAnalysis(reference, flags, io, { showProgress: true, check });
  const lines = formatLsLines(analysis.tree.treeAt(layer));
  const chunk = 4096;
  for (let i = 0; i < lines.length; i += chunk) io.stdout(lines.slice(i, i + chunk).join("\n") + "\n");
  return 0;
}
