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
