import type { LayerBlob } from "../sources/types.js";
import { ImageError } from "../errors.js";

/** A layer that could not be read: the one-line message names it, and `layer` says which it is (the UI marks it). */
export class LayerError extends ImageError {
  constructor(
    message: string,
    readonly layer: number,
  ) {
    super(message);
    this.name = "LayerError";
  }
}

function layerLabel(blob: LayerBlob): string {
  return `layer ${blob.index} (${blob.digest.slice(0, 19)})`;
}

/** The error of a layer's read, its message prefixed by the layer once. */
export function layerError(blob: LayerBlob, error: unknown): LayerError {
  const message = (error instanceof Error ? error.message : String(error)).replace(/^layer \d+ \([^)]*\): /, "");
  return new LayerError(`${layerLabel(blob)}: ${message}`, blob.index);
}
