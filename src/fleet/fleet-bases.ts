import type { FleetImage } from "./types.js";

/** The layer identity two images share: the diff id (the same whatever the compression), else the blob digest. */
function layerKey(layer: { diffId?: string; digest: string }): string {
  return layer.diffId ?? layer.digest;
}

/**
 * Marks references to an image already in the fleet (same config digest) with `sameAs` (the smallest such
 * reference), and sets `base.fleetImage` where another image of the fleet is this one's base: the one with the
 * most layers that are all this image's first layers (the smallest reference among equals). Depends on the set of
 * rows only, not on their order, so a merged report of shards equals the report of one run.
 */
export function relateImages(rows: FleetImage[]): FleetImage[] {
  const sorted = [...rows].sort((a, b) => compare(a.reference, b.reference));
  const primary = new Map<string, string>();
  for (const row of sorted) {
    if (row.status !== "ok" || row.configDigest === undefined) continue;
    if (!primary.has(row.configDigest)) primary.set(row.configDigest, row.reference);
  }
  const distinct = sorted.filter((row) => row.status === "ok" && row.layers && (row.configDigest === undefined || primary.get(row.configDigest) === row.reference));
  return sorted.map((row) => {
    const { sameAs: _old, ...rest } = row;
    const first = row.configDigest !== undefined ? primary.get(row.configDigest) : undefined;
    const related: FleetImage = first !== undefined && first !== row.reference ? { ...rest, sameAs: first } : rest;
    if (related.status !== "ok" || !related.layers || !related.base) return related;
    const base = fleetBaseOf(related, distinct);
    const { fleetImage: _was, ...own } = related.base;
    if (!base) return { ...related, base: own };
    return { ...related, base: { ...own, evidence: "base-image", name: base.reference, inheritedLayers: base.layers!.length, fleetImage: base.reference } };
  });
}

function fleetBaseOf(row: FleetImage, candidates: FleetImage[]): FleetImage | undefined {
  const keys = row.layers!.map(layerKey);
  let best: FleetImage | undefined;
  for (const candidate of candidates) {
    const layers = candidate.layers!;
    if (candidate.configDigest !== undefined && candidate.configDigest === row.configDigest) continue;
    if (layers.length === 0 || layers.length >= keys.length) continue;
    if (!layers.every((layer, i) => layerKey(layer) === keys[i])) continue;
    if (!best || layers.length > best.layers!.length) best = candidate;
  }
  return best;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
