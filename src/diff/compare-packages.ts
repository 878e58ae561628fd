import type { PackageInfo } from "../packages/types.js";
import type { PackageChange, PackageDiff } from "./types.js";

/**
 * Packages added, removed, upgraded (version changed) and resized (same version, other bytes) from BASE to HEAD,
 * matched by ecosystem, name and arch (a language package also by where it is installed). Largest change first.
 */
export function comparePackages(base: readonly PackageInfo[] | undefined, head: readonly PackageInfo[] | undefined): PackageDiff | undefined {
  if (base === undefined && head === undefined) return undefined;
  const key = (p: PackageInfo): string => `${p.ecosystem}\u0000${p.name}\u0000${p.arch ?? ""}`;
  const before = new Map((base ?? []).map((p) => [key(p), p]));
  const after = new Map((head ?? []).map((p) => [key(p), p]));
  const diff: PackageDiff = { added: [], removed: [], upgraded: [], resized: [], bytes: { base: 0, head: 0, delta: 0 } };
  for (const [k, p] of after) {
    const old = before.get(k);
    if (!old) diff.added.push(change(undefined, p));
    else if (old.version !== p.version) diff.upgraded.push(change(old, p));
    else if (old.bytes !== p.bytes) diff.resized.push(change(old, p));
  }
  for (const [k, p] of before) if (!after.has(k)) diff.removed.push(change(p, undefined));
  for (const list of [diff.added, diff.removed, diff.upgraded, diff.resized]) {
    list.sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta) || (a.name < b.name ? -1 : 1));
  }
  const sum = (list: readonly PackageInfo[] | undefined): number => (list ?? []).reduce((total, p) => total + p.bytes, 0);
  diff.bytes = { base: sum(base), head: sum(head), delta: sum(head) - sum(base) };
  return diff;
}

function change(base: PackageInfo | undefined, head: PackageInfo | undefined): PackageChange {
  const p = (head ?? base)!;
  return {
    ecosystem: p.ecosystem,
    name: p.name,
    ...(p.arch !== undefined ? { arch: p.arch } : {}),
    ...(base ? { baseVersion: base.version, baseBytes: base.bytes, baseLayer: base.layer } : {}),
    ...(head ? { headVersion: head.version, headBytes: head.bytes, headLayer: head.layer } : {}),
    delta: (head?.bytes ?? 0) - (base?.bytes ?? 0),
  };
}
