import type { LayerSummary } from "../analysis/types.js";
import type { DiffLayer, SharedLayer } from "./types.js";

/** Layers are the same when their diff ids (uncompressed digests) are; the digest stands in when there is none. */
function layerKey(layer: LayerSummary): string {
  return layer.diffId ?? layer.digest;
}

/** Pairs the layers of two images by diff id, in order; each layer pairs at most once. */
export function compareLayers(base: LayerSummary[], head: LayerSummary[]): { shared: SharedLayer[]; onlyBase: DiffLayer[]; onlyHead: DiffLayer[] } {
  const waiting = new Map<string, LayerSummary[]>();
  for (const layer of base) {
    const list = waiting.get(layerKey(layer));
    if (list) list.push(layer);
    else waiting.set(layerKey(layer), [layer]);
  }
  const shared: SharedLayer[] = [];
  const onlyHead: DiffLayer[] = [];
  const paired = new Set<number>();
  for (const layer of head) {
    const match = waiting.get(layerKey(layer))?.shift();
    if (match) {
      paired.add(match.index);
      shared.push({ diffId: layerKey(layer), baseIndex: match.index, headIndex: layer.index, sizeBytes: layer.sizeBytes, command: layer.command });
    } else onlyHead.push(diffLayer(layer));
  }
  const onlyBase = base.filter((layer) => !paired.has(layer.index)).map(diffLayer);
  return { shared, onlyBase, onlyHead };
}

function diffLayer(layer: LayerSummary): DiffLayer {
  return { index: layer.index, diffId: layerKey(layer), sizeBytes: layer.sizeBytes, command: layer.command };
}
