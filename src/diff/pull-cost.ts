import type { LayerSummary, PullCost } from "../analysis/types.js";
import type { ImageDiff } from "./types.js";

/**
 * What a pull of HEAD downloads when the baseline's layers are present: the compressed sizes of the layers the
 * diff found only in HEAD (layers pair by diff id). Undefined when one of those sizes is unknown.
 */
export function pullCost(baseline: string, head: readonly LayerSummary[], diff: ImageDiff): PullCost | undefined {
  let bytes = 0;
  for (const layer of diff.layers.onlyHead) {
    const size = head[layer.index]?.blobSize;
    if (size === undefined) return undefined;
    bytes += size;
  }
  return { baseline, sharedLayers: diff.layers.shared.length, bytes };
}
