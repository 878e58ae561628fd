import type { MergedTree } from "../tree/merge.js";
import type { LayerEntry } from "../tree/types.js";
import type { DuplicateGroup, DuplicateReport } from "./duplicate-types.js";
import { hashEntries, type ScannedLayer } from "./scan.js";

/** Tiny files (empty `__init__.py`, one-line configs) are the same everywhere and would save nothing. */
const DEFAULT_MIN_DUPLICATE_SIZE = 1024;

/**
 * Finds identical contents at different paths of the final tree. Only files whose size another visible file shares
 * can be identical, so only those are hashed (by positional reads of a seekable layer, else one more pass over
 * the layer), and only when the scan or the cache has no hash for them yet. Hashes land in the entries, so the
 * layer cache keeps them for the next run.
 */
export async function findDuplicates(layers: ScannedLayer[], tree: MergedTree, minSize = DEFAULT_MIN_DUPLICATE_SIZE): Promise<DuplicateReport> {
  const { records } = tree;
  const bySize = new Map<number, number[]>();
  for (let r = 0; r < records.count; r++) {
    // empty files are all alike, and one copy of nothing saves nothing (`--duplicates 0`)
    if (records.displacedBy[r] !== -1 || records.size[r] < minSize || records.size[r] === 0) continue;
    const list = bySize.get(records.size[r]);
    if (list) list.push(r);
    else bySize.set(records.size[r], [r]);
  }
  const entryOf = (r: number): LayerEntry => layers[records.layer[r]].entries[records.entry[r]];
  const candidates: number[] = [];
  for (const list of bySize.values()) if (list.length > 1) candidates.push(...list);
  const unhashed = new Map<number, LayerEntry[]>();
  let hashedBytes = 0;
  for (const r of candidates) {
    const entry = entryOf(r);
    if (entry.hash !== undefined) continue;
    const list = unhashed.get(records.layer[r]);
    if (list) list.push(entry);
    else unhashed.set(records.layer[r], [entry]);
    hashedBytes += entry.size;
  }
  let hashedFiles = 0;
  for (const [layer, wanted] of unhashed) {
    await hashEntries(layers[layer], wanted);
    hashedFiles += wanted.length;
  }
  const byHash = new Map<string, number[]>();
  for (const r of candidates) {
    const key = `${records.size[r]}:${entryOf(r).hash}`;
    const list = byHash.get(key);
    if (list) list.push(r);
    else byHash.set(key, [r]);
  }
  const groups: DuplicateGroup[] = [];
  for (const list of byHash.values()) {
    if (list.length < 2) continue;
    const copies = list
      .map((r) => ({ path: "/" + entryOf(r).path, layer: records.layer[r] }))
      .sort((a, b) => a.layer - b.layer || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const size = records.size[list[0]];
    groups.push({ hash: entryOf(list[0]).hash!, size, copies, savedBytes: size * (copies.length - 1) });
  }
  groups.sort((a, b) => b.savedBytes - a.savedBytes || (a.copies[0].path < b.copies[0].path ? -1 : 1));
  return {
    minSize,
    candidates: candidates.length,
    hashedFiles,
    hashedBytes,
    groups,
    savedBytes: groups.reduce((sum, group) => sum + group.savedBytes, 0),
  };
}
