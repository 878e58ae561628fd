import type { LayerBlob } from "../sources/types.js";
import { ImageError } from "../errors.js";
import { compressionOfMediaType } from "../sources/compression/decode.js";
import { TarFormatError } from "../tar/header.js";

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

/**
 * The error of a layer's scan. A blob whose first header is no tar header, whose media type says it is compressed
 * and whose first bytes say it is not, is damaged or mislabelled: the message says so, rather than only that a tar
 * header is bad.
 */
export async function layerScanError(blob: LayerBlob, error: unknown): Promise<LayerError> {
  const plain = layerError(blob, error);
  if (!(error instanceof TarFormatError) || !error.message.includes(" at offset 0 ")) return plain;
  const declared = compressionOfMediaType(blob.mediaType);
  if (declared === undefined || declared === "none") return plain;
  const sniffed = await blob.detectCompression?.().catch(() => undefined);
  if (sniffed !== "none") return plain;
  return new LayerError(`${plain.message}: the blob is neither ${declared} data, as its media type says, nor a tar`, blob.index);
}
