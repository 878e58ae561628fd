import type { LayerEntry } from "../tree/types.js";
import { hashEntries, type ScannedLayer } from "./scan.js";
import { sameButContent } from "./shadowed-files.js";
import { ANSWER_EVERY_MS, ITEMS_PER_STEP, nextTurn, runStepsPausing, type Steps } from "../steps/steps.js";

type Held = { layer: number; entry: LayerEntry };

/**
 * hashShadowedFiles for layers that come from the bottom a few at a time: each step hashes what the pairs the new
 * layers make need, so that once every layer is in, the same files are hashed as by one hashShadowedFiles over
 * them all (a path is comparable as soon as one pair makes it so, and stays so). A step looks at the older layers'
 * paths only where a new layer has an entry, instead of indexing every path again.
 */
export class PrefixHashes {
  private added = 0;
  /** Paths found comparable: every file entry there is hashed, in the layers to come too */
  private readonly comparable = new Set<string>();

  async extend(layers: ScannedLayer[]): Promise<void> {
    const touched = new Map<string, Held[]>();
    if (this.added === 0 && layers.length === 1) await collectFirst(layers[0], touched);
    else for (let i = this.added; i < layers.length; i++) await collect(layers[i], i, () => true, touched);
    const from = this.added;
    this.added = layers.length;
    if (touched.size === 0) return;
    for (let i = 0; i < from; i++) await collect(layers[i], i, (entry) => touched.has(entry.path), touched);

    const found = new Set<string>();
    const linked = new Set<string>();
    for (const [path, list] of touched) {
      if (this.comparable.has(path)) found.add(path);
      if (list.length < 2) continue;
      if (!found.has(path) && pairs(list)) found.add(path);
      // a hardlink shows its target's metadata and content, unknown here: it makes both paths comparable
      for (const { entry } of list) {
        if (entry.type !== "hardlink") continue;
        found.add(path);
        if (!touched.has(entry.linkname)) linked.add(entry.linkname);
        else found.add(entry.linkname);
      }
    }
    // the targets of those hardlinks, wherever they are
    const targets = new Map<string, Held[]>();
    if (linked.size > 0) for (const [i, layer] of layers.entries()) await collect(layer, i, (entry) => linked.has(entry.path), targets);
    for (const path of linked) found.add(path);
    for (const path of found) this.comparable.add(path);

    const wanted = new Map<number, LayerEntry[]>();
    for (const path of found) {
      for (const { layer, entry } of touched.get(path) ?? targets.get(path) ?? []) {
        if (entry.type !== "file" || entry.hash !== undefined) continue;
        const list = wanted.get(layer);
        if (list) list.push(entry);
        else wanted.set(layer, [entry]);
      }
    }
    for (const [layer, entries] of [...wanted].sort((a, b) => a[0] - b[0])) await hashEntries(layers[layer], entries);
  }
}

/**
 * The bottom layer alone: it pairs no entry with another layer's, so only a path it lists twice with a hardlink
 * there can be found comparable below. Its entries at its hardlinks' paths, instead of every file of it by path
 * (on a first layer of a million files, a map of them all: about 100 MB and 0.1 s while a UI waits).
 */
async function collectFirst(layer: ScannedLayer, into: Map<string, Held[]>): Promise<void> {
  const links = new Map<string, Held[]>();
  await collect(layer, 0, (entry) => entry.type === "hardlink", links);
  if (links.size > 0) await collect(layer, 0, (entry) => links.has(entry.path), into);
}

/** Adds the file and hardlink entries of a layer that `keep` keeps to `into`, by path. */
function collect(layer: ScannedLayer, index: number, keep: (entry: LayerEntry) => boolean, into: Map<string, Held[]>): Promise<void> {
  return runStepsPausing(collectSteps(layer, index, keep, into), ANSWER_EVERY_MS, nextTurn);
}

function* collectSteps(layer: ScannedLayer, index: number, keep: (entry: LayerEntry) => boolean, into: Map<string, Held[]>): Steps<void> {
  for (let i = 0; i < layer.entries.length; i++) {
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    const entry = layer.entries[i];
    if ((entry.type !== "file" && entry.type !== "hardlink") || !keep(entry)) continue;
    const list = into.get(entry.path);
    if (list) list.push({ layer: index, entry });
    else into.set(entry.path, [{ layer: index, entry }]);
  }
}

/** Whether two file entries of different layers at one path differ by their contents alone, if at all. */
function pairs(list: Held[]): boolean {
  for (let a = 0; a < list.length; a++) {
    for (let b = a + 1; b < list.length; b++) {
      if (list[a].layer !== list[b].layer && sameButContent(list[a].entry, list[b].entry)) return true;
    }
  }
  return false;
}
