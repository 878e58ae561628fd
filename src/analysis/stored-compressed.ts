import type { LayerSummary } from "./types.js";

/**
 * Whether any layer is stored compressed. A docker save's layers are plain tars: the sum of their blobs is the
 * uncompressed size, no measure of what a pull downloads, so it gets no line and is not compared.
 */
export function storedCompressed(layers: readonly Pick<LayerSummary, "compression">[]): boolean {
  return layers.some((layer) => layer.compression !== "none");
}
