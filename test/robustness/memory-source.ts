import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Readable } from "node:stream";
import { decodeLayerStream, layerLabel } from "../../src/sources/compression/decode.js";
import type { ImageSource, LayerBlob, LayerData } from "../../src/sources/types.js";

export type LayerMedium = "stream" | "file" | "decode";

/** Splits bytes into chunks of `size`, so headers straddle chunk edges. */
function chunks(data: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size));
  return out;
}

/**
 * An image source over layer bytes held in memory: `stream` hands the tar over as a chunked stream, `file`
 * writes it to `dir` and hands over a seekable region (headers only are read), `decode` goes through
 * decodeLayerStream as a blob would (gzip/zstd sniffed, no digest).
 */
export function memorySource(layers: Buffer[], medium: LayerMedium, dir: string, chunkSize = 700): ImageSource {
  const blobs: LayerBlob[] = layers.map((data, index) => {
    const digest = `sha256:${String(index).padStart(64, "0")}`;
    const path = join(dir, `layer-${index}.tar`);
    if (medium === "file") writeFileSync(path, data);
    return {
      index,
      digest,
      async open(): Promise<LayerData> {
        if (medium === "file") return { kind: "file", path, offset: 0, length: data.length };
        const raw = Readable.from(chunks(data, chunkSize));
        if (medium === "stream") return { kind: "stream", stream: raw };
        return { kind: "stream", stream: await decodeLayerStream(raw, { label: layerLabel(index, digest) }) };
      },
    };
  });
  return {
    reference: "memory",
    format: "oci-layout",
    config: { diffIds: [], history: [], env: [], labels: {}, raw: {} },
    layers: blobs,
    close: async () => undefined,
  };
}
