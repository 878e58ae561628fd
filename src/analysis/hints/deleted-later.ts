import { globTest } from "../glob.js";
import prettyBytes from "pretty-bytes";
import type { WasteItem } from "../types.js";
import { files, groupByLayer, singlePath, type HintContext } from "./context.js";
import { pathHint } from "./junk-hints.js";
import type { Hint } from "./types.js";
import { findChange } from "../../tree/path-changes.js";
import type { ByteClaim } from "./removable.js";
import { ITEMS_PER_STEP, type Steps } from "../../steps/steps.js";

const isAptPath = globTest(["/var/lib/apt/lists/**", "/var/cache/apt/**"], { dot: true });
/** Smaller groups of deleted files are not worth a hint. */
const MIN_BYTES = 1024;
/** Files replaced by new versions are often legitimate (config edits, dpkg status): only large groups count. */
const MIN_REPLACED_BYTES = 1_000_000;

/**
 * Files a layer writes and a later layer deletes still ship in the first layer. One hint per writing layer;
 * apt lists and caches cleaned by a later RUN get their own id (`apt-cleanup-later`).
 */
export function* deletedLaterHints(context: HintContext): Steps<Hint[]> {
  // in steps: an image whose later layer deletes a large folder has as many items as files there
  const waste = context.analysis.summary.waste;
  const apt: WasteItem[] = [];
  const other: WasteItem[] = [];
  for (let i = 0; i < waste.length; i++) {
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    const item = waste[i];
    if (item.kind !== "deleted" || item.removedBy === undefined || item.removedBy <= item.addedBy) continue;
    (isAptPath(item.path) ? apt : other).push(item);
  }
  yield;
  const hints: Hint[] = [];
  for (const group of groupByLayer(apt)) {
    hints.push(
      context.hint(
        {
          id: "apt-cleanup-later",
          severity: "warning",
          layer: group.layer,
          path: singlePath(group.items),
          bytes: group.bytes,
          message: `apt lists/caches written here and removed by ${removers(group.items)}: ${prettyBytes(group.bytes)} in ${files(group.items.length)} still ship in this layer`,
          fix: "clean in the same RUN: `apt-get update && apt-get install … && apt-get clean && rm -rf /var/lib/apt/lists/*`",
        },
        yield* wasteClaims(context, group.items),
      ),
    );
  }
  for (const group of groupByLayer(other)) {
    if (group.bytes < MIN_BYTES) continue;
    hints.push(
      context.hint(
        {
          id: "deleted-later",
          severity: fromBase(context, group.layer) === "no" ? "warning" : "info",
          layer: group.layer,
          path: singlePath(group.items),
          bytes: group.bytes,
          message: `${files(group.items.length)} written here${pathHint(group.items)} ${are(group.items.length)} deleted by ${removers(group.items)}, but their ${prettyBytes(group.bytes)} still ship in this layer`,
          fix: DELETED_FIX[fromBase(context, group.layer)],
        },
        yield* wasteClaims(context, group.items),
      ),
    );
  }
  return hints;
}

function* wasteClaims(context: HintContext, items: readonly WasteItem[]): Steps<ByteClaim[]> {
  const claims: ByteClaim[] = [];
  for (let i = 0; i < items.length; i++) {
    if (i % ITEMS_PER_STEP === ITEMS_PER_STEP - 1) yield;
    claims.push(context.wasteClaim(items[i]));
  }
  return claims;
}

const DELETED_FIX = {
  yes: "deleting base-image files saves nothing: pick a smaller base image, or copy what you need into a new stage",
  likely: "layer 0 is usually the base image's, and deleting its files saves nothing: pick a smaller base image, or copy what you need into a new stage",
  no: "create and delete them in the same RUN, or build them in another stage and COPY --from only the result",
} as const;

/**
 * Whether a layer came with the base image: as the base attribution tells it, when it could; else layer 0 likely
 * did (an image whose own first layer is a COPY has no base to tell).
 */
function fromBase(context: HintContext, layer: number): keyof typeof DELETED_FIX {
  const base = context.analysis.summary.image.base;
  if (base !== undefined && base.evidence !== "none") return layer < base.inheritedLayers ? "yes" : "no";
  return layer === 0 ? "likely" : "no";
}

/**
 * Files a later layer replaces with other content (not a same-size re-emit, which metadata-reemit covers): the
 * old versions still ship. One hint per writing layer, for groups of 1 MB or more.
 */
export function replacedLaterHints(context: HintContext): Hint[] {
  // a layer's changes are sorted by path: looked up, not mapped (a layer of 1M paths made a map of them all)
  const sizeAfter = (layer: number, path: string): number | undefined => findChange(context.analysis.tree.changesOf(layer), path)?.size;
  const replaced = context.analysis.summary.waste.filter(
    (item) => item.kind === "shadowed" && item.removedBy !== undefined && item.removedBy > item.addedBy && sizeAfter(item.removedBy, item.path) !== item.bytes,
  );
  return (
    groupByLayer(replaced)
      // the base image's files (dpkg status…) replaced by package installs: nothing the Dockerfile can change
      .filter((group) => group.layer > 0 && group.bytes >= MIN_REPLACED_BYTES)
      .map((group) =>
        context.hint(
          {
            id: "replaced-later",
            severity: "info",
            layer: group.layer,
            path: singlePath(group.items),
            bytes: group.bytes,
            message: `${files(group.items.length)} written here${pathHint(group.items)} ${are(group.items.length)} replaced by ${removers(group.items)}; the old ${prettyBytes(group.bytes)} still ship in this layer`,
            fix: "write the final version in one RUN, or produce it in another stage and COPY --from only the result",
          },
          group.items.map((item) => context.wasteClaim(item)),
        ),
      )
  );
}

function are(count: number): string {
  return count === 1 ? "is" : "are";
}

function removers(items: WasteItem[]): string {
  const layers = [...new Set(items.map((item) => item.removedBy!))].sort((a, b) => a - b);
  return `layer${layers.length === 1 ? "" : "s"} ${layers.join(", ")}`;
}
