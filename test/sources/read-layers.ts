import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { openLayerReader } from "../../src/tar/byte-reader.js";
import { readTar } from "../../src/tar/read-tar.js";
import type { ImageSource, LayerBlob, LayerData } from "../../src/sources/types.js";

/** sha256 of a layer's uncompressed tar, i.e. its diff id. */
export async function diffIdOf(blob: LayerBlob): Promise<string> {
  const data = await blob.open();
  const hash = createHash("sha256");
  for await (const chunk of bytesOf(data)) hash.update(chunk as Buffer);
  return `sha256:${hash.digest("hex")}`;
}

function bytesOf(data: LayerData): Iterable<unknown> | AsyncIterable<unknown> {
  if (data.kind === "stream") return data.stream;
  if (data.length === 0) return [];
  return createReadStream(data.path, { start: data.offset, end: data.offset + data.length - 1 });
}

/** The member paths of one layer, in tar order. */
async function pathsOf(blob: LayerBlob): Promise<string[]> {
  const reader = await openLayerReader(await blob.open());
  const paths: string[] = [];
  try {
    await readTar(reader, { onEntry: (entry) => void paths.push(entry.path) });
  } finally {
    await reader.close();
  }
  return paths;
}

/** Member paths of every layer. */
export async function layerPaths(source: ImageSource): Promise<string[][]> {
  const out: string[][] = [];
  for (const layer of source.layers) out.push(await pathsOf(layer));
  return out;
}

/** Reads a stream to its end; resolves with the error it emitted, or undefined. */
export async function drainError(stream: NodeJS.ReadableStream): Promise<Error | undefined> {
  try {
    for await (const _chunk of stream) {
      // drain
    }
    return undefined;
  } catch (err) {
    return err as Error;
  }
}
