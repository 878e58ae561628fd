import { compare } from "./fleet-bases.js";
import type { FleetImage, FleetLayer, FleetSummary, SideTotals } from "./types.js";

const TOP_IMAGES = 10;
const TOP_PACKAGES = 20;
const TOP_HINTS = 10;

/** Sums of the layers on each side of an image's base boundary. */
export function sides(row: FleetImage): { yours: SideTotals; inherited: SideTotals } {
  const cut = row.base?.inheritedLayers ?? 0;
  const layers = row.layers ?? [];
  const total = (list: FleetLayer[]): SideTotals => ({
    sizeBytes: list.reduce((sum, layer) => sum + layer.sizeBytes, 0),
    wastedBytes: list.reduce((sum, layer) => sum + layer.shadowedBytes + layer.deletedBytes + layer.junkBytes, 0),
  });
  return { yours: total(layers.slice(cut)), inherited: total(layers.slice(0, cut)) };
}

/**
 * The fleet's figures from its rows (see relateImages): each distinct image counted once, each distinct blob
 * counted once in the pull footprint. Ties are broken by reference, so equal rows give equal reports.
 */
export function summarizeFleet(rows: FleetImage[]): FleetSummary {
  const ok = rows.filter((row) => row.status === "ok");
  const distinct = ok.filter((row) => row.sameAs === undefined);
  const yours = { sizeBytes: 0, wastedBytes: 0 };
  const inherited = { sizeBytes: 0, wastedBytes: 0 };
  for (const row of distinct) {
    const split = sides(row);
    yours.sizeBytes += split.yours.sizeBytes;
    yours.wastedBytes += split.yours.wastedBytes;
    inherited.sizeBytes += split.inherited.sizeBytes;
    inherited.wastedBytes += split.inherited.wastedBytes;
  }
  return {
    references: rows.length,
    images: distinct.length,
    failed: rows.length - ok.length,
    passed: ok.filter((row) => row.verdict === "pass").length,
    failedRules: ok.filter((row) => row.verdict === "fail").length,
    totalBytes: sum(distinct, (row) => row.totalBytes ?? 0),
    wastedBytes: sum(distinct, (row) => row.wastedBytes ?? 0),
    yours,
    inherited,
    pull: pullFootprint(distinct),
    worst: worstImages(distinct),
    hints: hintTotals(distinct),
    packages: packageTotals(distinct),
    bases: baseTotals(distinct),
  };
}

function pullFootprint(images: FleetImage[]): FleetSummary["pull"] {
  const blobs = new Map<string, number | undefined>();
  let layers = 0;
  let perImageBytes = 0;
  for (const row of images) {
    for (const layer of row.layers ?? []) {
      layers++;
      perImageBytes += layer.blobSize ?? 0;
      blobs.set(layer.digest, layer.blobSize);
    }
  }
  const sizes = [...blobs.values()];
  return {
    distinctLayers: blobs.size,
    layers,
    sharedBytes: sizes.reduce<number>((total, size) => total + (size ?? 0), 0),
    perImageBytes,
    unknownSizeLayers: sizes.filter((size) => size === undefined).length,
  };
}

function worstImages(images: FleetImage[]): FleetSummary["worst"] {
  return images
    .filter((row) => (row.wastedBytes ?? 0) > 0)
    .map((row) => ({
      reference: row.reference,
      wastedBytes: row.wastedBytes ?? 0,
      yoursWastedBytes: sides(row).yours.wastedBytes,
      efficiency: row.efficiency ?? 1,
      hints: (row.hints ?? []).slice(0, 3),
    }))
    .sort((a, b) => b.wastedBytes - a.wastedBytes || compare(a.reference, b.reference))
    .slice(0, TOP_IMAGES);
}

function hintTotals(images: FleetImage[]): FleetSummary["hints"] {
  const totals = new Map<string, { id: string; images: number; bytes: number }>();
  for (const row of images) {
    const seen = new Set<string>();
    for (const hint of row.hints ?? []) {
      const total = totals.get(hint.id) ?? { id: hint.id, images: 0, bytes: 0 };
      if (!seen.has(hint.id)) total.images++;
      seen.add(hint.id);
      total.bytes += hint.bytes;
      totals.set(hint.id, total);
    }
  }
  return [...totals.values()].sort((a, b) => b.bytes - a.bytes || b.images - a.images || compare(a.id, b.id)).slice(0, TOP_HINTS);
}

function packageTotals(images: FleetImage[]): FleetSummary["packages"] {
  const totals = new Map<string, FleetSummary["packages"][number]>();
  for (const row of images) {
    const cut = row.base?.inheritedLayers ?? 0;
    for (const pkg of row.packages ?? []) {
      const key = `${pkg.ecosystem}\u0000${pkg.name}`;
      const total = totals.get(key) ?? { ecosystem: pkg.ecosystem, name: pkg.name, images: 0, bytes: 0, inheritedIn: 0 };
      total.images++;
      total.bytes += pkg.bytes;
      if (pkg.layer < cut) total.inheritedIn++;
      totals.set(key, total);
    }
  }
  return [...totals.values()]
    .sort((a, b) => b.bytes - a.bytes || compare(a.ecosystem, b.ecosystem) || compare(a.name, b.name))
    .slice(0, TOP_PACKAGES);
}

function baseTotals(images: FleetImage[]): FleetSummary["bases"] {
  const totals = new Map<string, FleetSummary["bases"][number]>();
  for (const row of images) {
    const base = row.base;
    const name = base?.name ?? (base?.evidence === "annotation" ? "scratch" : "(no base found)");
    const evidence = base?.fleetImage !== undefined ? "fleet" : base?.evidence ?? "none";
    const key = `${name}\u0000${evidence}`;
    const total = totals.get(key) ?? { name, evidence, images: 0, inheritedBytes: 0 };
    total.images++;
    total.inheritedBytes += sides(row).inherited.sizeBytes;
    totals.set(key, total);
  }
  return [...totals.values()].sort((a, b) => b.images - a.images || compare(a.name, b.name) || compare(a.evidence, b.evidence));
}

function sum<T>(items: readonly T[], value: (item: T) => number): number {
  let total = 0;
  for (const item of items) total += value(item);
  return total;
}
