import type { Analysis } from "../types.js";
import type { Hint } from "./types.js";

/**
 * Bytes a hint says its fix removes, named so that hints can be added up without counting a byte twice:
 * an installed package (its final files), or one copy of a file: the final one, or the copy a layer wrote that a
 * later layer replaced or deleted.
 */
export type ByteClaim = { package: number } | { path: string; layer: number | "final"; bytes: number };

// a side table rather than a field: hints are JSON-ready and the claims would bloat every report
const claimsOfHint = new WeakMap<Hint, readonly ByteClaim[]>();

/** Records what a hint's bytes are made of (HintContext.hint does it for every rule). */
export function recordClaims(hint: Hint, claims: readonly ByteClaim[]): void {
  claimsOfHint.set(hint, claims);
}

/** What a hint's bytes are made of; undefined for a hint computeHints did not make (it then counts its own bytes). */
function claimsOf(hint: Hint): readonly ByteClaim[] | undefined {
  return claimsOfHint.get(hint);
}

/**
 * The bytes the fixes of `hints` remove together: the union of what each names, so a package or file that
 * several hints count (gcc is a build tool and may be a recommended-only package) counts once. Never more than
 * the image's total bytes for hints computeHints made of `analysis`.
 */
export function removableBytes(analysis: Analysis, hints: readonly Hint[]): number {
  const packages = analysis.summary.packages?.packages ?? [];
  const claimedPackages = new Set<number>();
  const finalFiles = new Map<string, number>();
  const layerCopies = new Map<string, number>();
  let unclaimed = 0;
  for (const hint of hints) {
    const claims = claimsOf(hint);
    if (claims === undefined) {
      unclaimed += hint.bytes;
      continue;
    }
    for (const claim of claims) {
      if ("package" in claim) claimedPackages.add(claim.package);
      else if (claim.layer === "final") finalFiles.set(claim.path, claim.bytes);
      else layerCopies.set(`${claim.layer}\u0000${claim.path}`, claim.bytes);
    }
  }
  let total = unclaimed;
  for (const index of claimedPackages) total += packages[index]?.bytes ?? 0;
  for (const [path, bytes] of finalFiles) {
    const owner = analysis.packageFiles?.get(path);
    // a package's bytes are its final files: a file of a claimed package is in that package's bytes already
    if (owner === undefined || !claimedPackages.has(owner)) total += bytes;
  }
  for (const bytes of layerCopies.values()) total += bytes;
  return total;
}
