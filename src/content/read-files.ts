import { createHash, type Hash } from "node:crypto";
import { readMemberContents, type ContentSink } from "../sources/content.js";
import type { ImageSource } from "../sources/types.js";
import type { FileContent } from "./locate.js";

/**
 * Reads the bytes of files of an image, layer by layer from the bottom, each layer at most once and only up to its
 * last wanted file (src/sources/content.ts). An empty file (or a hardlink to nothing) is begun and ended at once.
 */
export async function readFiles(source: ImageSource, files: FileContent[], sink: ContentSink<FileContent>): Promise<void> {
  const byLayer = new Map<number, FileContent[]>();
  for (const file of files) {
    if (file.size === 0) {
      sink.begin?.(file);
      sink.end?.(file);
      continue;
    }
    const list = byLayer.get(file.layer);
    if (list) list.push(file);
    else byLayer.set(file.layer, [file]);
  }
  for (const layer of [...byLayer.keys()].sort((a, b) => a - b)) {
    if (sink.stopped?.()) return;
    await readMemberContents(source.layers[layer], byLayer.get(layer)!, sink);
  }
}

/**
 * The whole bytes of some small files (a content diff, the viewer's page): each must be at most `maxBytes`, which
 * the caller checked against its size; the result holds them all, so keep the set small.
 */
export async function readWholeFiles(source: ImageSource, files: FileContent[], maxBytes: number): Promise<Map<FileContent, Buffer>> {
  const parts = new Map<FileContent, Buffer[]>();
  for (const file of files) if (file.size > maxBytes) throw new Error(`${file.shownAs}: ${file.size} bytes, more than ${maxBytes} to read whole`);
  await readFiles(source, files, {
    begin: (file) => void parts.set(file, []),
    chunk: (file, bytes) => void parts.get(file)!.push(Buffer.from(bytes)),
  });
  return new Map([...parts].map(([file, chunks]) => [file, Buffer.concat(chunks)]));
}

/** The sha256 (hex) of files of any size, streamed through the hash. */
export async function hashFiles(source: ImageSource, files: FileContent[]): Promise<Map<FileContent, string>> {
  const hashes = new Map<FileContent, Hash>();
  await readFiles(source, files, {
    begin: (file) => void hashes.set(file, createHash("sha256")),
    chunk: (file, bytes) => void hashes.get(file)!.update(bytes),
  });
  return new Map([...hashes].map(([file, hash]) => [file, hash.digest("hex")]));
}
