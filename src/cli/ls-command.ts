import type { ImageSource } from "../sources/types.js";
import { formatLsLines } from "../tree/ls.js";
import { UsageError } from "./errors.js";
import type { CliIo } from "./io.js";
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

/** The layer `--layer` names (default the last), or a UsageError naming the valid range. */
export function chooseLayer(flag: string | undefined, count: number, reference: string): number {
  if (count === 0) throw new UsageError(`${reference} has no layers`);
  if (flag === undefined) return count - 1;
  const text = flag.trim();
  if (!/^[0-9]+$/.test(text) || Number(text) >= count) {
    throw new UsageError(`--layer ${flag}: ${reference} has layers 0 to ${count - 1}`);
  }
  return Number(text);
}
