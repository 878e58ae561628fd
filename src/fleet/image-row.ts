import type { Hint } from "../analysis/hints/types.js";
import type { RuleResult } from "../analysis/rules-types.js";
import type { ImageAnalysis } from "../analysis/types.js";
import type { ImageSource } from "../sources/types.js";
import type { BaseBoundary } from "../analysis/base/find-base.js";
import { FLEET_HINTS, FLEET_PACKAGES, type FleetImage, type FleetLayer } from "./types.js";

/** The fleet's row for one analysed image: small, and enough to re-make every figure of the report from it. */
export function imageRow(reference: string, summary: ImageAnalysis, hints: readonly Hint[], rules: readonly RuleResult[]): FleetImage {
  const { image } = summary;
  const layers: FleetLayer[] = summary.layers.map((layer) => ({
    digest: layer.digest,
    ...(layer.diffId !== undefined ? { diffId: layer.diffId } : {}),
    ...(layer.blobSize !== undefined ? { blobSize: layer.blobSize } : {}),
    sizeBytes: layer.sizeBytes,
    shadowedBytes: 0,
    deletedBytes: 0,
    junkBytes: 0,
    packages: 0,
    packageBytes: 0,
  }));
  for (const item of summary.waste) {
    const layer = layers[item.addedBy];
    if (layer) layer[`${item.kind}Bytes`] += item.bytes;
  }
  const packages = (summary.packages?.packages ?? []).filter((pkg) => pkg.bytes > 0);
  for (const pkg of packages) {
    const layer = layers[pkg.layer];
    if (!layer) continue;
    layer.packages++;
    layer.packageBytes += pkg.bytes;
  }
  const platform = [image.os, image.architecture].filter(Boolean).join("/");
  const failed = rules.filter((rule) => rule.status === "fail").map((rule) => rule.name);
  return {
    reference,
    status: "ok",
    format: image.format,
    ...(image.manifestDigest !== undefined ? { manifestDigest: image.manifestDigest } : {}),
    ...(image.configDigest !== undefined ? { configDigest: image.configDigest } : {}),
    ...(platform ? { platform } : {}),
    totalBytes: image.totalBytes,
    finalBytes: image.finalBytes,
    wastedBytes: image.wastedBytes,
    efficiency: image.efficiency,
    ...(image.compressedBytes !== undefined ? { compressedBytes: image.compressedBytes } : {}),
    dive: { efficiencyScore: image.dive.efficiencyScore, inefficientBytes: image.dive.inefficientBytes, userWastedPercent: image.dive.userWastedPercent },
    layers,
    base: rowBase(image.base),
    hints: hints.slice(0, FLEET_HINTS).map((hint) => ({ id: hint.id, severity: hint.severity, bytes: hint.bytes, layer: hint.layer, message: hint.message })),
    packages: packages
      .slice(0, FLEET_PACKAGES)
      .map((pkg) => ({ ecosystem: pkg.ecosystem, name: pkg.name, version: pkg.version, bytes: pkg.bytes, layer: pkg.layer })),
    verdict: failed.length > 0 ? "fail" : "pass",
    failedRules: failed,
  };
}

/**
 * The row of another reference to an image already analysed (same config): its figures, but its own format,
 * manifest and layer blobs, which differ between transports (a `docker save` archive stores its layers
 * uncompressed, a registry gzipped): what a pull of this reference fetches is its own; and its own base, when
 * given (an OCI manifest may record FROM scratch where an archive records nothing).
 */
export function sameImageRow(
  row: FleetImage,
  reference: string,
  source: Pick<ImageSource, "format" | "manifestDigest" | "layers">,
  base?: FleetImage["base"],
): FleetImage {
  if (row.status !== "ok" || row.layers?.length !== source.layers.length) return { ...row, reference };
  // the keys in imageRow's order, so that the report is the same bytes whichever reference was analysed
  const layers = row.layers.map(({ digest: _digest, diffId, blobSize: _size, ...sizes }, i) => {
    const own = source.layers[i];
    return { digest: own.digest, ...(diffId !== undefined ? { diffId } : {}), ...(own.blobSize !== undefined ? { blobSize: own.blobSize } : {}), ...sizes };
  });
  const { status, configDigest, platform, totalBytes, finalBytes, wastedBytes, efficiency, dive, ...rest } = row;
  const sizes = source.layers.map((layer) => layer.blobSize);
  const known = sizes.every((size) => size !== undefined);
  const { reference: _reference, format: _format, manifestDigest: _manifest, compressedBytes: _compressed, ...judged } = rest;
  return {
    reference,
    status,
    format: source.format,
    ...(source.manifestDigest !== undefined ? { manifestDigest: source.manifestDigest } : {}),
    ...(configDigest !== undefined ? { configDigest } : {}),
    ...(platform !== undefined ? { platform } : {}),
    totalBytes,
    finalBytes,
    wastedBytes,
    efficiency,
    ...(known ? { compressedBytes: sizes.reduce<number>((sum, size) => sum + (size ?? 0), 0) } : {}),
    dive,
    ...judged,
    layers,
    ...(base ? { base } : {}),
  };
}

/** What a row keeps of an image's base: how it was told, its name, how many layers came with it. */
export function rowBase(base: Pick<BaseBoundary, "evidence" | "name" | "inheritedLayers"> | undefined): NonNullable<FleetImage["base"]> {
  return { evidence: base?.evidence ?? "none", ...(base?.name ? { name: base.name } : {}), inheritedLayers: base?.inheritedLayers ?? 0 };
}

/** The row of an image that could not be opened or analysed. */
export function failedRow(reference: string, error: unknown): FleetImage {
  const message = (error instanceof Error ? error.message : String(error)).split("\n")[0];
  // the row names the reference: an error that starts with it too would read `app.tar: app.tar: truncated archive`
  return { reference, status: "error", error: message.startsWith(`${reference}: `) ? message.slice(reference.length + 2) : message };
}
