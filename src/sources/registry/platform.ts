import { formatPlatform, platformMatches, type Platform } from "../oci/platform.js";
import type { Descriptor } from "../oci/manifest.js";
import { ImageError } from "../../errors.js";

const DEFAULT_VARIANTS: Record<string, string> = { arm64: "v8", amd64: "v1" };
const variantOf = (p: Platform) => p.variant ?? DEFAULT_VARIANTS[p.architecture];

/**
 * Picks the manifest for `wanted` from an index. Attestation entries (`unknown/unknown`) are never picked.
 * When `wanted` has no variant, an entry with the architecture's default variant is preferred.
 * With no match, the error lists the platforms there are.
 */
export function selectPlatform(manifests: Descriptor[], wanted: Platform, where: string): Descriptor {
  const usable = manifests.filter((m) => m.platform && m.platform.os !== "unknown");
  const found = usable.filter((m) => platformMatches(wanted, m.platform));
  if (found.length > 0) {
    return found.find((m) => variantOf(m.platform as Platform) === variantOf(wanted)) ?? found[0];
  }
  const listed = [...new Set(usable.map((m) => formatPlatform(m.platform)))];
  const have = listed.length > 0 ? listed.join(", ") : "no platform entries";
  throw new ImageError(`${where}: no image for ${formatPlatform(wanted)}; it has ${have} (choose one with --platform)`);
}
