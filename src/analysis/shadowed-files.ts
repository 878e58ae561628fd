import type { LayerEntry } from "../tree/types.js";
import { hashEntries, type ScannedLayer } from "./scan.js";

/**
 * Hashes the files whose path holds, in another layer, a file that only its content could tell
 * apart: same size, mtime, mode and owner (merge's `differs` decides on anything else first), or a hardlink.
 * Only those need their contents compared to tell a modified file from an identical re-emit.
 */
export async function hashShadowedFiles(layers: ScannedLayer[]): Promise<void> {
  // Only a file without a hash can need one: few in a run that read its layers, none in most warm runs.
  if (!layers.some((layer) => layer.entries.some((entry) => entry.type === "file" && entry.hash === undefined))) return;
  const comparable = new Set<string>();
  for (const [path, list] of entriesAt(layers, filesInSeveralLayers(layers))) {
    for (let a = 0; a < list.length && !comparable.has(path); a++) {
      for (let b = a + 1; b < list.length; b++) {
        if (list[a].layer !== list[b].layer && sameButContent(list[a].entry, list[b].entry)) {
          comparable.add(path);
          break;
        }
      }
    }
  }
  // a hardlink shows its target's metadata and content, unknown here: any hardlink makes both paths comparable
  const hardlinks = new Set(layers.flatMap((layer) => layer.entries.filter((entry) => entry.type === "hardlink").map((entry) => entry.path)));
  if (hardlinks.size > 0) {
    const atHardlinks = entriesAt(layers, hardlinks);
    for (const layer of layers) {
      for (const entry of layer.entries) {
        if (entry.type === "hardlink" && atHardlinks.get(entry.path)!.length > 1) {
          comparable.add(entry.path);
          comparable.add(entry.linkname);
        }
      }
    }
  }
  if (comparable.size === 0) return;
  for (const layer of layers) {
    const wanted = layer.entries.filter((e) => e.type === "file" && e.hash === undefined && comparable.has(e.path));
    if (wanted.length > 0) await hashEntries(layer, wanted);
  }
}

/**
 * The paths where files of two layers or more lie (only those may need their contents compared). Every such path
 * has a file outside the layer of most entries, so only the other layers' paths are gathered: on an image of one
 * layer of a million files, a map of the few the other layers hold instead of one of every path (about 130 MB).
 */
function filesInSeveralLayers(layers: ScannedLayer[]): Set<string> {
  let largest = 0;
  layers.forEach((layer, i) => {
    if (layer.entries.length > layers[largest].entries.length) largest = i;
  });
  const firstLayer = new Map<string, number>();
  const several = new Set<string>();
  layers.forEach((layer, i) => {
    if (i === largest) return;
    for (const entry of layer.entries) {
      if (entry.type !== "file") continue;
      const first = firstLayer.get(entry.path);
      if (first === undefined) firstLayer.set(entry.path, i);
      else if (first !== i) several.add(entry.path);
    }
  });
  if (firstLayer.size > 0) {
    for (const entry of layers[largest]?.entries ?? []) if (entry.type === "file" && firstLayer.has(entry.path)) several.add(entry.path);
  }
  return several;
}

/** The file and hardlink entries at each of `paths`, with their layers */
function entriesAt(layers: ScannedLayer[], paths: Set<string>): Map<string, Array<{ layer: number; entry: LayerEntry }>> {
  const at = new Map<string, Array<{ layer: number; entry: LayerEntry }>>();
  if (paths.size === 0) return at;
  layers.forEach((layer, i) => {
    for (const entry of layer.entries) {
      if ((entry.type !== "file" && entry.type !== "hardlink") || !paths.has(entry.path)) continue;
      const list = at.get(entry.path);
      if (list) list.push({ layer: i, entry });
      else at.set(entry.path, [{ layer: i, entry }]);
    }
  });
  return at;
}

export function sameButContent(a: LayerEntry, b: LayerEntry): boolean {
  return a.type === "file" && b.type === "file" && a.size === b.size && a.mtime === b.mtime && a.mode === b.mode && a.uid === b.uid && a.gid === b.gid;
}

/** Hashes some entries of a layer: positional reads of a seekable file, else one more pass over the stream. */
